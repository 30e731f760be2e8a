import { Inject, Injectable, Logger } from '@nestjs/common';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../common/config/app-config.js';
import type { AppConfig } from '../common/config/app-config.js';
import { PaySettingsRequestDto, PaySettingsResponseDto } from './dto/pay-settings.dto.js';
import { PaymentGatewaySetting } from './entities/payment-gateway-setting.entity.js';
import { OrderErrors } from '../orders/orders.errors.js';
import { GatewayName, GatewaySettings, PaymentGateway } from './gateways/payment-gateway.js';
import { PaymentGatewayRegistry } from './gateways/payment-gateway.registry.js';
import {
  envVarOf,
  GATEWAY_SETTINGS,
  isOwnerOnly,
  SettingField,
} from './payment-settings.fields.js';
import { AuditService } from '../audit/services/audit.service.js';
import type { AdminPrincipal } from '../common/auth/principal.js';
import { CommonErrors } from '../common/errors/app-error.js';
import { PaymentQueries } from './payment.queries.js';

/** A gateway ready to use: its effective settings and the service's public base URL. */
export interface ConfiguredGateway {
  gateway: PaymentGateway;
  settings: GatewaySettings;
  baseUrl: string;
  /** Every required setting is present (forGateway answers unconfigured gateways too). */
  complete: boolean;
}

/** A PEM body without its armour (as Alipay hands keys out) gets the armour back. */
export function pemOf(value: string, label: 'PRIVATE KEY' | 'PUBLIC KEY'): string {
  if (value.includes('-----BEGIN')) return value;
  const body = value.replace(/\s+/g, '').replace(/(.{64})/g, '$1\n');
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}

/**
 * Gateway settings: staff save them (one row per gateway; secrets write-only, never answered
 * nor logged), `PAY_*` environment variables override them field by field. Read from the
 * database on every use (no in-process cache: several instances must see one value).
 */
@Injectable()
export class PaymentSettingsService {
  private readonly logger = new Logger('PaymentSettings');

  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: PaymentGatewayRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  /** The gateway for a pay_way, configured; ORDER.GATEWAY_NOT_CONFIGURED naming it otherwise. */
  async forPayWay(payWay: string): Promise<ConfiguredGateway | undefined> {
    const gateway = this.registry.forPayWay(payWay);
    if (!gateway) return undefined;
    const settings = await this.effective(gateway.name);
    const missing = this.missing(gateway.name, settings, payWay);
    if (missing.length || settings[`${gateway.name}_open`] === 'false')
      throw OrderErrors.gatewayNotConfigured(gateway.title, payWay, missing);
    return { gateway, settings, baseUrl: this.baseUrl(), complete: true };
  }

  /** For notifications and jobs: the gateway with whatever settings it has (null if unknown). */
  async forGateway(name: string): Promise<ConfiguredGateway | null> {
    const gateway = this.registry.byGateway(name);
    if (!gateway) return null;
    const settings = await this.effective(gateway.name);
    const complete = this.missing(gateway.name, settings).length === 0;
    return { gateway, settings, baseUrl: this.config.publicUrl, complete };
  }

  async view(): Promise<PaySettingsResponseDto> {
    const rows = await this.dataSource.getRepository(PaymentGatewaySetting).find();
    const out: Record<string, unknown> = {};
    const gateways: PaySettingsResponseDto['gateways'] = [];
    for (const gateway of this.registry.all()) {
      const spec = GATEWAY_SETTINGS[gateway.name];
      const row = rows.find((r) => r.gateway === gateway.name);
      const settings = this.merge(gateway.name, row);
      for (const field of spec.fields) {
        const value = settings[field.name] ?? '';
        if (field.kind === 'bool') out[field.name] = value !== 'false';
        else if (field.kind === 'secret' || field.kind === 'key') {
          out[field.name] = '';
          out[`has_${field.name}`] = value !== '';
        } else out[field.name] = value;
      }
      const missing = this.missing(gateway.name, settings);
      gateways.push({
        gateway: gateway.name,
        title: gateway.title,
        pay_ways: [...gateway.payWays],
        configured: missing.length === 0 && settings[`${gateway.name}_open`] !== 'false',
        missing,
        currency: this.currency(gateway.name, settings),
        notify_url: `${this.config.publicUrl}/notify/${gateway.name}/pay`,
        env_fields: spec.fields
          .map((field) => field.name)
          .filter((name) => this.config.paymentEnv[envVarOf(name)] !== undefined),
      });
    }
    return { ...out, gateways };
  }

  /**
   * Saves the fields sent. A change of an owner-only field (isOwnerOnly) by anyone but the owner
   * is refused (1002) naming the fields; an echo of the stored value (or of a blank secret) is
   * not a change. Each gateway's save writes an audit row naming the fields changed, never values.
   */
  async save(admin: AdminPrincipal, input: PaySettingsRequestDto): Promise<PaySettingsResponseDto> {
    const adminId = admin.id;
    const body = input as Record<string, unknown>;
    await this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(PaymentGatewaySetting);
      for (const gateway of this.registry.all()) {
        const sent = GATEWAY_SETTINGS[gateway.name].fields.filter(
          (f) => body[f.name] !== undefined,
        );
        if (!sent.length) continue;
        // Serialises two staff saving the same gateway (read-modify-write of the JSON columns).
        await manager.query(PaymentQueries.ensureGatewaySettings, [gateway.name]);
        const row = await repository.findOneOrFail({
          where: { gateway: gateway.name },
          lock: { mode: 'pessimistic_write' },
        });
        const before = { settings: { ...row.settings }, secrets: { ...row.secrets } };
        for (const field of sent) this.apply(gateway.name, row, field, body[field.name]);
        const changed = sent.filter(
          (field) =>
            JSON.stringify(before.settings[field.name] ?? before.secrets[field.name] ?? null) !==
            JSON.stringify(row.settings[field.name] ?? row.secrets[field.name] ?? null),
        );
        const forbidden = changed.filter(isOwnerOnly).map((field) => field.name);
        if (forbidden.length && admin.role !== 'owner')
          throw CommonErrors.notAllowed(
            `Only the owner may change ${forbidden.join(', ')} (who is paid and how payments are verified)`,
          );
        if (!changed.length) continue;
        await this.audit.record(manager, {
          action: 'payment_settings.save',
          entityType: 'payment_gateway',
          entityId: gateway.name,
          details: {
            fields: changed.map((field) => field.name), // names only, never values
          },
        });
        await repository.update(
          { gateway: gateway.name },
          { settings: row.settings, secrets: row.secrets, adminId },
        );
        this.logger.log({
          msg: 'payment settings saved',
          gateway: gateway.name,
          admin_id: adminId,
          fields: sent.map((field) => field.name), // names only, never values
        });
      }
    });
    return this.view();
  }

  private apply(
    name: GatewayName,
    row: PaymentGatewaySetting,
    field: SettingField,
    raw: unknown,
  ): void {
    const variable = envVarOf(field.name);
    if (this.config.paymentEnv[variable] !== undefined)
      throw OrderErrors.paymentSettingFromEnv(field.name, variable);
    if (field.kind === 'bool') {
      row.settings = { ...row.settings, [field.name]: raw === true };
      return;
    }
    if (field.kind === 'secret' || field.kind === 'key') {
      const secrets = { ...row.secrets };
      if (raw === null) delete secrets[field.name];
      else if (typeof raw === 'string' && raw.trim() !== '') {
        secrets[field.name] = this.checked(field, raw.trim());
      }
      row.secrets = secrets;
      return;
    }
    const value = typeof raw === 'string' ? raw.trim() : '';
    const { currencies } = GATEWAY_SETTINGS[name];
    if (field.kind === 'currency' && value !== '' && !this.currencyAllowed(name, value))
      throw OrderErrors.invalidPaymentSetting(
        field.name,
        `${this.registry.byGateway(name)?.title ?? name} charges in ${currencies.join(', ')} only`,
      );
    row.settings = {
      ...row.settings,
      [field.name]: field.kind === 'currency' ? value.toUpperCase() : this.checked(field, value),
    };
  }

  /** Refuses a key that cannot be read now, rather than at the first payment. */
  private checked(field: SettingField, value: string): string {
    if (value === '') return value;
    try {
      if (field.kind === 'key') createPrivateKey(pemOf(value, 'PRIVATE KEY'));
      else if (/public_key(_2)?$/.test(field.name)) createPublicKey(pemOf(value, 'PUBLIC KEY'));
    } catch {
      throw OrderErrors.invalidPaymentSetting(
        field.name,
        'not a PEM (or base64) key that can be read',
      );
    }
    if (field.name === 'wechat_api_v3_key' && Buffer.byteLength(value) !== 32)
      throw OrderErrors.invalidPaymentSetting(field.name, 'the APIv3 key is exactly 32 characters');
    return value;
  }

  private async effective(name: GatewayName): Promise<GatewaySettings> {
    const row = await this.dataSource
      .getRepository(PaymentGatewaySetting)
      .findOneBy({ gateway: name });
    const settings = this.merge(name, row);
    return { ...settings, [`${name}_currency`]: this.currency(name, settings) };
  }

  /** Database values, then environment variables over them; every value as a string. */
  private merge(
    name: GatewayName,
    row: PaymentGatewaySetting | null | undefined,
  ): Record<string, string> {
    const merged: Record<string, string> = {};
    for (const field of GATEWAY_SETTINGS[name].fields) {
      const stored = row?.secrets[field.name] ?? row?.settings[field.name];
      const env = this.config.paymentEnv[envVarOf(field.name)];
      const value = env ?? (stored === undefined ? '' : String(stored));
      if (value !== '')
        merged[field.name] =
          field.kind === 'bool' ? String(/^(1|true|yes|on)$/i.test(value)) : value;
    }
    return merged;
  }

  private currency(name: GatewayName, settings: GatewaySettings): string {
    return (settings[`${name}_currency`] || GATEWAY_SETTINGS[name].defaultCurrency).toUpperCase();
  }

  /**
   * What a gateway still needs: its required fields, and its currency when the gateway does not
   * charge in it (a value saved before the check, or an environment variable).
   */
  private missing(name: GatewayName, settings: GatewaySettings, payWay?: string): string[] {
    const spec = GATEWAY_SETTINGS[name];
    const required = [...spec.required, ...(payWay ? (spec.requiredByPayWay[payWay] ?? []) : [])];
    const missing = required.filter((field) => !settings[field]);
    if (!this.currencyAllowed(name, this.currency(name, settings)))
      missing.push(`${name}_currency (${spec.currencies.join(', ')})`);
    return missing;
  }

  private currencyAllowed(name: GatewayName, currency: string): boolean {
    const { currencies } = GATEWAY_SETTINGS[name];
    return currencies.length === 0 || currencies.includes(currency.toUpperCase());
  }

  private baseUrl(): string {
    if (!this.config.publicUrl) throw OrderErrors.publicUrlRequired();
    return this.config.publicUrl;
  }
}
