import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../../common/config/app-config.js';
import type { AppConfig } from '../../common/config/app-config.js';
import { CommMailFacts } from '../../communication/services/comm-mail-facts.service.js';
import type { MessageForMail } from '../../communication/services/comm-mail-facts.service.js';
import { OrderMailFacts } from '../../orders/services/order-mail-facts.service.js';
import { SettingsService } from '../../settings/services/settings.service.js';
import { UserDirectoryService } from '../../users/services/user-directory.service.js';
import { mailKindSpec } from '../mail-kinds.js';
import type { MailAudience, MailKind } from '../mail-kinds.js';
import { mailLanguageOf, MailTemplates } from '../mail-template.js';
import type { MailLanguage, RenderedMail } from '../mail-template.js';
import { MailPreferencesService } from './mail-preferences.service.js';

/** What the worker claimed: an outbox row's ids. */
export interface ClaimedMail {
  id: number;
  kind: MailKind;
  audience: MailAudience;
  userId: number;
  address: string;
  commOrderId: number | null;
  orderId: string | null;
  messageId: number | null;
  subject: string;
  body: string;
  attempts: number;
}

export type ComposedMail =
  | { to: string; mail: RenderedMail; unsubscribeUrl?: string; senderName: string }
  | { skip: string };

export interface Shop {
  name: string;
  url: string;
  language: MailLanguage;
}

const money = (fen: number) => (fen / 100).toFixed(2);
const when = (date: Date | null) =>
  date ? `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC` : '-';

/** A thread excerpt: who wrote, when, and the text (other message kinds by their kind). */
function messagesText(messages: MessageForMail[]): string {
  return messages
    .map((m) => {
      const content = m.messageType === 'text' ? m.content : `[${m.messageType}]`;
      return `${m.senderName || '-'} (${when(new Date(m.createdTime))}):\n${content}`;
    })
    .join('\n\n');
}

/**
 * Renders an outbox row at send time, asking the modules that own the facts through their
 * exported contracts (CommMailFacts, OrderMailFacts, UserDirectoryService, SettingsService), so
 * a mail tells the state when it leaves. Answers `skip` when it should not leave any more: the
 * customer has no address or switched the category off, the thread was read meanwhile, or what
 * it is about is gone.
 */
@Injectable()
export class MailComposer {
  private readonly templates = new MailTemplates();

  constructor(
    private readonly comm: CommMailFacts,
    private readonly orders: OrderMailFacts,
    private readonly users: UserDirectoryService,
    private readonly shopSettings: SettingsService,
    private readonly preferences: MailPreferencesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async shop(): Promise<Shop> {
    const system = await this.shopSettings.values('system');
    return {
      name: String(system.site_name ?? '') || 'Shop',
      url: String(system.base_url ?? '').replace(/\/+$/, ''),
      language: mailLanguageOf(system.language),
    };
  }

  renderTest(shop: Shop): RenderedMail {
    return this.templates.render(shop.language, 'test', { shop: shop.name });
  }

  async compose(row: ClaimedMail, senderName: string): Promise<ComposedMail> {
    const shop = await this.shop();
    const from = senderName || shop.name;
    const values: Record<string, string> = { shop: shop.name, link: shop.url };
    if (row.audience === 'customer') {
      const category = mailKindSpec(row.kind).category;
      const account = await this.users.mailAccount(row.userId);
      if (!account?.email) return { skip: 'the customer has no email address' };
      if (category && !(await this.preferences.isEnabled(row.userId, category)))
        return { skip: 'the customer switched this category off' };
      values.customer = account.name;
      const filled = await this.customerValues(row, values);
      if (typeof filled === 'string') return { skip: filled };
      const base = this.config.publicUrl || shop.url;
      const unsubscribeUrl = category
        ? this.preferences.unsubscribeUrl(base, row.userId, category)
        : undefined;
      return {
        to: account.email,
        mail: this.templates.render(shop.language, row.kind, filled, unsubscribeUrl),
        unsubscribeUrl,
        senderName: from,
      };
    }
    const filled = await this.staffValues(row, values);
    if (typeof filled === 'string') return { skip: filled };
    return {
      to: row.address,
      mail: this.templates.render(shop.language, row.kind, filled),
      senderName: from,
    };
  }

  /** The template's values, or why the mail should not leave. */
  private async customerValues(
    row: ClaimedMail,
    values: Record<string, string>,
  ): Promise<Record<string, string> | string> {
    if (row.kind === 'staff_replied' || row.kind === 'quote_sent') {
      const request = row.commOrderId ? await this.comm.request(row.commOrderId) : undefined;
      if (!request) return 'the request is gone';
      values.title = request.title;
      values.request_id = String(request.id);
      if (row.kind === 'quote_sent') {
        values.price = request.quotePrice;
        values.content = request.quoteContent;
        values.valid_until = when(request.quoteValidUntil);
        return values;
      }
      const unread = await this.comm.unreadSince(request.id, 'customer', row.messageId ?? 0);
      if (!unread.length) return 'the customer read the thread meanwhile';
      values.messages = messagesText(unread);
      return values;
    }
    const order = row.orderId ? await this.orders.byNumber(row.orderId) : undefined;
    if (!order) return 'the order is gone';
    values.order_no = order.orderNo;
    values.amount = money(row.kind.startsWith('refund') ? order.refundAmount : order.amount);
    values.express = order.expressCompany || '-';
    values.tracking = order.trackingNumber || '-';
    return values;
  }

  private async staffValues(
    row: ClaimedMail,
    values: Record<string, string>,
  ): Promise<Record<string, string> | string> {
    if (row.kind === 'staff_notice') return { ...values, subject: row.subject, text: row.body };
    const customer = await this.users.mailAccount(row.userId);
    values.customer = customer?.name ?? `#${row.userId}`;
    if (row.kind === 'request_created' || row.kind === 'customer_message') {
      const request = row.commOrderId ? await this.comm.request(row.commOrderId) : undefined;
      if (!request) return 'the request is gone';
      values.title = request.title;
      values.request_id = String(request.id);
      values.content = request.content;
      if (row.kind === 'customer_message') {
        const unread = await this.comm.unreadSince(request.id, 'staff', row.messageId ?? 0);
        if (!unread.length) return 'staff read the thread meanwhile';
        values.messages = messagesText(unread);
      }
      return values;
    }
    const order = row.orderId ? await this.orders.byNumber(row.orderId) : undefined;
    if (!order) return 'the order is gone';
    values.order_no = order.orderNo;
    values.amount = money(row.kind.startsWith('refund') ? order.refundAmount : order.amount);
    return values;
  }
}
