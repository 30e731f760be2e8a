import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../audit/services/audit.service.js';
import { APP_CONFIG } from '../../common/config/app-config.js';
import type { AppConfig } from '../../common/config/app-config.js';
import { MailSettingsRequestDto, MailSettingsResponseDto } from '../dto/mail-settings.dto.js';
import { MailSetting } from '../entities/mail-setting.entity.js';
import { CUSTOMER_CATEGORIES, DEFAULT_SEND_TYPES, SEND_TYPE_CODES } from '../mail-kinds.js';
import type { CustomerCategory } from '../mail-kinds.js';
import { NotificationErrors } from '../notifications.errors.js';
import { MailQueries } from '../mail.queries.js';

/** The settings a send uses: stored values with SMTP_* variables over them. */
export interface MailSettings {
  server: string;
  port: number;
  /** 0 = none, 1 = SSL (implicit TLS), 2 = STARTTLS (AnqiCMS's use_ssl). */
  useSsl: 0 | 1 | 2;
  account: string;
  password: string;
  /** Staff addresses. */
  recipients: string[];
  sendTypes: number[];
  senderName: string;
  /** The From address ('' = none: mail cannot be sent). */
  fromAddress: string;
  customer: Record<CustomerCategory, boolean>;
}

type FieldKind = 'text' | 'int' | 'secret' | 'bool' | 'codes';

/** Every field on the wire (AnqiCMS's names where it has them), each settable by SMTP_<NAME>. */
const FIELDS: readonly { name: string; kind: FieldKind }[] = [
  { name: 'server', kind: 'text' },
  { name: 'port', kind: 'int' },
  { name: 'use_ssl', kind: 'int' },
  { name: 'account', kind: 'text' },
  { name: 'password', kind: 'secret' },
  { name: 'recipient', kind: 'text' },
  { name: 'send_type', kind: 'codes' },
  { name: 'sender_name', kind: 'text' },
  { name: 'sender_address', kind: 'text' },
  ...CUSTOMER_CATEGORIES.map((c) => ({ name: `customer_${c}`, kind: 'bool' as const })),
];

/** The environment variable that may set a field: SMTP_ + its name in upper case. */
export const smtpEnvVarOf = (field: string): string => `SMTP_${field.toUpperCase()}`;

const EMAIL = /^[^\s@,;<>"]+@[^\s@,;<>"]+\.[^\s@,;<>"]+$/;

/** A plain address (user@host.tld): what a recipient list and the sender may hold. */
export const isEmailAddress = (value: string): boolean => EMAIL.test(value);
const DEFAULT_PORTS = { 0: 25, 1: 465, 2: 587 } as const;
/** Newer AnqiCMS panels answer and echo back this mask for the password: it keeps it too. */
const PASSWORD_MASK = '********';

const textOf = (raw: Record<string, unknown>, name: string): string => {
  const value = raw[name];
  return typeof value === 'string' ? value : '';
};

export function splitAddresses(list: string): string[] {
  return list
    .split(/[,;\s]+/)
    .map((address) => address.trim())
    .filter(Boolean);
}

/**
 * Mail settings at AnqiCMS's sendmail plugin paths: one row; the password write-only (never
 * answered nor logged); `SMTP_*` environment variables override fields one by one, as `PAY_*`
 * do for the payment settings. Read from the database on every use (several instances share
 * one value).
 */
@Injectable()
export class MailSettingsService {
  private readonly logger = new Logger('MailSettings');

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async view(): Promise<MailSettingsResponseDto> {
    const row = await this.dataSource.getRepository(MailSetting).findOneBy({ id: 1 });
    const raw = this.merge(row);
    const settings = this.effectiveOf(raw);
    return {
      server: settings.server,
      port: settings.port,
      use_ssl: settings.useSsl,
      account: settings.account,
      password: '',
      has_password: settings.password !== '',
      recipient: textOf(raw, 'recipient'),
      send_type: settings.sendTypes,
      sender_name: settings.senderName,
      sender_address: textOf(raw, 'sender_address'),
      customer_reply: settings.customer.reply,
      customer_quote: settings.customer.quote,
      customer_shipped: settings.customer.shipped,
      customer_refund: settings.customer.refund,
      configured: isConfigured(settings),
      env_fields: FIELDS.map((f) => f.name).filter(
        (name) => this.config.smtpEnv[smtpEnvVarOf(name)] !== undefined,
      ),
    };
  }

  async save(adminId: number, input: MailSettingsRequestDto): Promise<MailSettingsResponseDto> {
    const body = input as Record<string, unknown>;
    const sent = FIELDS.filter((field) => body[field.name] !== undefined);
    for (const field of sent) this.check(field.name, body[field.name]);
    if (sent.length)
      await this.dataSource.transaction(async (manager) => {
        // Serialises two staff saving at once (read-modify-write of the JSON column).
        await manager.query(MailQueries.ensureSettingsRow);
        const repository = manager.getRepository(MailSetting);
        const row = await repository.findOneOrFail({
          where: { id: 1 },
          lock: { mode: 'pessimistic_write' },
        });
        const settings = { ...row.settings };
        let password = row.password;
        for (const field of sent) {
          const value = body[field.name];
          if (field.kind === 'secret') {
            if (value === null) password = '';
            else if (typeof value === 'string' && value !== '' && value !== PASSWORD_MASK)
              password = value;
          } else settings[field.name] = typeof value === 'string' ? value.trim() : value;
        }
        await manager.query(MailQueries.saveSettings, [
          JSON.stringify(settings),
          password,
          adminId,
        ]);
        const names = sent.map((field) => field.name); // names only, never values
        await this.audit.record(manager, {
          action: 'mail_settings.save',
          entityType: 'mail_settings',
          entityId: 1,
          details: { fields: names },
        });
        this.logger.log({ msg: 'mail settings saved', admin_id: adminId, fields: names });
      });
    return this.view();
  }

  /**
   * The settings a send uses, or the consumer in its transaction (`marker`: its statements carry
   * the background marker, HUB_STATEMENT, as every statement of the event consumers does).
   */
  async effective(manager?: EntityManager, marker = ''): Promise<MailSettings> {
    const [row] = await (manager ?? this.dataSource).query<MailSetting[]>(
      MailQueries.effectiveSettings(marker),
    );
    return this.effectiveOf(this.merge(row ?? null));
  }

  /** Refuses what cannot work, naming the field; nothing is written then. */
  private check(name: string, value: unknown): void {
    const variable = smtpEnvVarOf(name);
    if (this.config.smtpEnv[variable] !== undefined)
      throw NotificationErrors.settingFromEnv(name, variable);
    if (name === 'recipient' && typeof value === 'string') {
      const bad = splitAddresses(value).find((address) => !EMAIL.test(address));
      if (bad !== undefined)
        throw NotificationErrors.invalidSetting(name, `"${bad}" is not an email address`);
    }
    if (name === 'sender_address' && typeof value === 'string' && value.trim() !== '') {
      if (!EMAIL.test(value.trim()))
        throw NotificationErrors.invalidSetting(name, `"${value}" is not an email address`);
    }
  }

  /** Stored values, then the environment's over them. */
  private merge(row: MailSetting | null): Record<string, unknown> {
    const merged: Record<string, unknown> = {
      ...(row?.settings ?? {}),
      password: row?.password ?? '',
    };
    for (const field of FIELDS) {
      const env = this.config.smtpEnv[smtpEnvVarOf(field.name)];
      if (env === undefined) continue;
      if (field.kind === 'int') merged[field.name] = Number(env);
      else if (field.kind === 'bool') merged[field.name] = /^(1|true|yes|on)$/i.test(env);
      else if (field.kind === 'codes')
        merged[field.name] = env
          .split(',')
          .map(Number)
          .filter((code) => SEND_TYPE_CODES.includes(code));
      else merged[field.name] = env;
    }
    return merged;
  }

  private effectiveOf(raw: Record<string, unknown>): MailSettings {
    const text = (name: string) => textOf(raw, name);
    const useSsl = ([0, 1, 2].includes(Number(raw.use_ssl)) ? Number(raw.use_ssl) : 0) as 0 | 1 | 2;
    const port = Number(raw.port) > 0 ? Number(raw.port) : DEFAULT_PORTS[useSsl];
    const account = text('account');
    const fromAddress = text('sender_address') || (EMAIL.test(account) ? account : '');
    const recipients = splitAddresses(text('recipient'));
    return {
      server: text('server'),
      port,
      useSsl,
      account,
      password: text('password'),
      // AnqiCMS: no recipient = the sending account.
      recipients: recipients.length ? recipients : fromAddress ? [fromAddress] : [],
      sendTypes: Array.isArray(raw.send_type)
        ? (raw.send_type as number[])
        : [...DEFAULT_SEND_TYPES],
      senderName: text('sender_name'),
      fromAddress,
      customer: Object.fromEntries(
        CUSTOMER_CATEGORIES.map((c) => [c, raw[`customer_${c}`] !== false]),
      ) as Record<CustomerCategory, boolean>,
    };
  }
}

/** Mails are queued and sent only once a server and a sender address are known. */
export function isConfigured(settings: MailSettings): boolean {
  return settings.server !== '' && settings.fromAddress !== '';
}
