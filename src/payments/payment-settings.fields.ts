import type { GatewayName } from './gateways/payment-gateway.js';

export type SettingKind = 'text' | 'secret' | 'key' | 'bool' | 'currency';

export interface SettingField {
  /** The field name on the wire (AnqiCMS's where it has one) and in the settings row. */
  name: string;
  kind: SettingKind;
  description: string;
}

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

/**
 * Every gateway setting staff can save at /system/api/plugin/pay/config (AnqiCMS's flat field
 * names, plus what API v3 / RSA2 need), and that `PAY_<NAME>` environment variables can set
 * instead (e.g. PAY_WECHAT_MCH_ID); an environment variable wins and cannot be changed by staff.
 * `secret` and `key` fields are write-only: answered as '' plus `has_<name>: true`.
 */
export const GATEWAY_SETTINGS: Record<GatewayName, GatewaySettingsSpec> = {
  wechat: {
    fields: [
      {
        name: 'wechat_open',
        kind: 'bool',
        description: 'WeChat Pay on (default on once configured)',
      },
      {
        name: 'wechat_app_id',
        kind: 'text',
        description: 'Official account / website AppID (wechat: Native and JSAPI)',
      },
      { name: 'weapp_app_id', kind: 'text', description: 'Mini-program AppID (weapp)' },
      { name: 'wechat_mch_id', kind: 'text', description: 'Merchant id (mchid)' },
      {
        name: 'wechat_serial_no',
        kind: 'text',
        description: 'Serial number of the merchant API certificate',
      },
      {
        name: 'wechat_private_key',
        kind: 'key',
        description: 'Merchant API private key (apiclient_key.pem), write-only',
      },
      {
        name: 'wechat_api_v3_key',
        kind: 'secret',
        description: 'APIv3 key (32 characters), write-only',
      },
      {
        name: 'wechat_platform_public_key',
        kind: 'text',
        description: 'WeChat Pay public key or platform certificate (PEM)',
      },
      {
        name: 'wechat_platform_serial',
        kind: 'text',
        description: 'Its id/serial (Wechatpay-Serial); empty = not checked',
      },
      {
        name: 'wechat_platform_public_key_2',
        kind: 'text',
        description:
          'A second verification key during the move from platform certificates to the WeChat Pay public key',
      },
      {
        name: 'wechat_platform_serial_2',
        kind: 'text',
        description: 'The second key’s serial (Wechatpay-Serial); required with it',
      },
      { name: 'wechat_currency', kind: 'currency', description: 'Currency (CNY)' },
    ],
    required: [
      'wechat_mch_id',
      'wechat_serial_no',
      'wechat_private_key',
      'wechat_api_v3_key',
      'wechat_platform_public_key',
    ],
    requiredByPayWay: { wechat: ['wechat_app_id'], weapp: ['weapp_app_id'] },
    defaultCurrency: 'CNY',
    currencies: [],
  },
  alipay: {
    fields: [
      { name: 'alipay_open', kind: 'bool', description: 'Alipay on (default on once configured)' },
      { name: 'alipay_app_id', kind: 'text', description: 'Application AppID' },
      {
        name: 'alipay_private_key',
        kind: 'key',
        description: 'Application private key (RSA2), write-only',
      },
      {
        name: 'alipay_public_key',
        kind: 'text',
        description: 'Alipay public key (RSA2), verifies notifications and answers',
      },
      {
        name: 'alipay_seller_id',
        kind: 'text',
        description: 'Merchant PID (2088...); when set, notifications must name it',
      },
      { name: 'alipay_sandbox', kind: 'bool', description: 'Use the Alipay sandbox' },
      { name: 'alipay_currency', kind: 'currency', description: 'Currency: CNY only' },
    ],
    required: ['alipay_app_id', 'alipay_private_key', 'alipay_public_key'],
    requiredByPayWay: {},
    defaultCurrency: 'CNY',
    // Alipay's page and wap pay take total_amount in CNY: another currency would be charged as
    // that many yuan (a JPY 9,900 order charged ¥9,900).
    currencies: ['CNY'],
  },
  stripe: {
    fields: [
      { name: 'stripe_open', kind: 'bool', description: 'Stripe on (default on once configured)' },
      {
        name: 'stripe_secret_key',
        kind: 'secret',
        description: 'Secret API key (sk_...), write-only',
      },
      {
        name: 'stripe_webhook_secret',
        kind: 'secret',
        description: 'Webhook signing secret (whsec_...), write-only',
      },
      { name: 'stripe_currency', kind: 'currency', description: 'Currency (default USD)' },
    ],
    required: ['stripe_secret_key', 'stripe_webhook_secret'],
    requiredByPayWay: {},
    defaultCurrency: 'USD',
    currencies: [],
  },
  paypal: {
    fields: [
      { name: 'paypal_open', kind: 'bool', description: 'PayPal on (default on once configured)' },
      { name: 'paypal_client_id', kind: 'text', description: 'REST app client id' },
      { name: 'paypal_client_secret', kind: 'secret', description: 'REST app secret, write-only' },
      { name: 'paypal_sandbox', kind: 'bool', description: 'Use the PayPal sandbox' },
      { name: 'paypal_currency', kind: 'currency', description: 'Currency (default USD)' },
      {
        name: 'paypal_merchant_id',
        kind: 'text',
        description:
          'Merchant id of the receiving PayPal account; when set, an order must name it as payee before it is captured',
      },
      {
        name: 'paypal_return_url',
        kind: 'text',
        description: 'Page the buyer lands on after PayPal (empty: a short plain page)',
      },
    ],
    required: ['paypal_client_id', 'paypal_client_secret'],
    requiredByPayWay: {},
    defaultCurrency: 'USD',
    currencies: [],
  },
};

/** The environment variable that may set a field: PAY_ + its name in upper case. */
export const envVarOf = (field: string): string => `PAY_${field.toUpperCase()}`;
