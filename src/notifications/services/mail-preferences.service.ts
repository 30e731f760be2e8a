import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../../common/config/app-config.js';
import type { AppConfig } from '../../common/config/app-config.js';
import { UserDirectoryService } from '../../users/services/user-directory.service.js';
import {
  NotificationPreferencesRequestDto,
  NotificationPreferencesResponseDto,
} from '../dto/notification-preferences.dto.js';
import { MailPreference } from '../entities/mail-preference.entity.js';
import { CUSTOMER_CATEGORIES } from '../mail-kinds.js';
import type { CustomerCategory } from '../mail-kinds.js';
import { NotificationErrors } from '../notifications.errors.js';
import { UnsubscribeSigner } from '../unsubscribe-token.js';
import { MailQueries } from '../mail.queries.js';

export const UNSUBSCRIBE_PATH = '/api/notifications/unsubscribe';

export function isCustomerCategory(value: unknown): value is CustomerCategory {
  return typeof value === 'string' && (CUSTOMER_CATEGORIES as readonly string[]).includes(value);
}

/**
 * Which mail categories each customer gets (every one until switched off), switched by the
 * customer (`/api/user/notifications`) or by the signed one-click link in each mail.
 */
@Injectable()
export class MailPreferencesService {
  private readonly signer: UnsubscribeSigner;

  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UserDirectoryService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.signer = new UnsubscribeSigner(config.jwtSecret);
  }

  async view(userId: number): Promise<NotificationPreferencesResponseDto> {
    const [disabled, account] = await Promise.all([
      this.disabled(userId),
      this.users.mailAccount(userId),
    ]);
    return this.toResponse(disabled, Boolean(account?.email));
  }

  async save(
    userId: number,
    input: NotificationPreferencesRequestDto,
  ): Promise<NotificationPreferencesResponseDto> {
    const off = CUSTOMER_CATEGORIES.filter((c) => input[c] === false);
    const on = CUSTOMER_CATEGORIES.filter((c) => input[c] === true);
    await this.change(userId, off, on);
    return this.view(userId);
  }

  async isEnabled(userId: number, category: CustomerCategory): Promise<boolean> {
    return !(await this.disabled(userId)).includes(category);
  }

  /** The one-click link of a customer mail (`base`: the service's public address). */
  unsubscribeUrl(base: string, userId: number, category: CustomerCategory): string {
    const query = new URLSearchParams({
      u: String(userId),
      c: category,
      s: this.signer.sign(userId, category),
    });
    return `${base}${UNSUBSCRIBE_PATH}?${query.toString()}`;
  }

  /** Checks a link's signature (throws MAIL.INVALID_UNSUBSCRIBE_LINK) and answers its target. */
  verifyLink(u: string, c: string, s: string): { userId: number; category: CustomerCategory } {
    const userId = Number(u);
    if (!Number.isSafeInteger(userId) || userId <= 0 || !isCustomerCategory(c))
      throw NotificationErrors.invalidUnsubscribeLink();
    if (!this.signer.verify(userId, c, s)) throw NotificationErrors.invalidUnsubscribeLink();
    return { userId, category: c };
  }

  /** Switches the link's category off; repeating it changes nothing. */
  async unsubscribe(u: string, c: string, s: string): Promise<CustomerCategory> {
    const { userId, category } = this.verifyLink(u, c, s);
    await this.change(userId, [category], []);
    return category;
  }

  /** One statement: the stored list minus `on`, plus `off` (concurrent changes both survive). */
  private async change(userId: number, off: CustomerCategory[], on: CustomerCategory[]) {
    if (!off.length && !on.length) return;
    await this.dataSource.query(MailQueries.changePreferences, [userId, JSON.stringify(off), on]);
  }

  private async disabled(userId: number): Promise<CustomerCategory[]> {
    const row = await this.dataSource.getRepository(MailPreference).findOneBy({ userId });
    return row?.disabled ?? [];
  }

  private toResponse(
    disabled: CustomerCategory[],
    hasEmail: boolean,
  ): NotificationPreferencesResponseDto {
    return {
      reply: !disabled.includes('reply'),
      quote: !disabled.includes('quote'),
      shipped: !disabled.includes('shipped'),
      refund: !disabled.includes('refund'),
      has_email: hasEmail,
    };
  }
}
