/** The shape of a gateway's settings declaration (each gateway's `*.settings.ts`). */

export type SettingKind = 'text' | 'secret' | 'key' | 'bool' | 'currency';

export interface SettingField {
  /** The field name on the wire (AnqiCMS's where it has one) and in the settings row. */
  name: string;
  kind: SettingKind;
  description: string;
  /** Longest value accepted (text: 64 unless said; keys and secrets: SETTING_KEY_MAX). */
  maxLength?: number;
  /** What a text value must look like (else only "no NUL bytes"), and the message otherwise. */
  pattern?: { regex: RegExp; message: string };
  example?: string;
}

/** A PEM key or certificate, or the bare base64 Alipay gives out, fits in this. */
export const SETTING_KEY_MAX = 8192;

/**
 * Who may change a field: every field that says who is paid or how the gateway's answers are
 * verified (ids, keys, secrets, sandbox) is the owner's alone — whoever can change them can
 * forge payments or divert money. Staff with `payments.settings` (finance) may switch a gateway
 * on or off, and set its currency and return page.
 */
export const STAFF_EDITABLE_KINDS: readonly SettingKind[] = ['currency'];
export const isOwnerOnly = (field: SettingField): boolean =>
  !STAFF_EDITABLE_KINDS.includes(field.kind) &&
  !field.name.endsWith('_open') &&
  field.name !== 'paypal_return_url';

export interface GatewaySettingsSpec {
  fields: readonly SettingField[];
  /** Needed for every pay_way of the gateway. */
  required: readonly string[];
  /** Needed only for some pay_ways (e.g. the mini-program's app id for weapp). */
  requiredByPayWay: Readonly<Record<string, readonly string[]>>;
  defaultCurrency: string;
  /** The only currencies the gateway charges in (empty: any ISO 4217 code). */
  currencies: readonly string[];
}
