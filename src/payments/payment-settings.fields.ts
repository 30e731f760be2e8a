import type { GatewayName } from './gateways/payment-gateway.js';
import { WECHAT_SETTINGS } from './gateways/wechat-pay.settings.js';
import { ALIPAY_SETTINGS } from './gateways/alipay.settings.js';
import { STRIPE_SETTINGS } from './gateways/stripe.settings.js';
import { PAYPAL_SETTINGS } from './gateways/paypal.settings.js';

export { isOwnerOnly, SETTING_KEY_MAX } from './setting-field.js';
export type { GatewaySettingsSpec, SettingField, SettingKind } from './setting-field.js';
import type { GatewaySettingsSpec } from './setting-field.js';

/**
 * Every gateway setting staff can save at /system/api/plugin/pay/config (AnqiCMS's flat field
 * names, plus what API v3 / RSA2 need), and that `PAY_<NAME>` environment variables can set
 * instead (e.g. PAY_WECHAT_MCH_ID); an environment variable wins and cannot be changed by staff.
 * `secret` and `key` fields are write-only: answered as '' plus `has_<name>: true`.
 */
export const GATEWAY_SETTINGS: Record<GatewayName, GatewaySettingsSpec> = {
  wechat: WECHAT_SETTINGS,
  alipay: ALIPAY_SETTINGS,
  stripe: STRIPE_SETTINGS,
  paypal: PAYPAL_SETTINGS,
};

/** The environment variable that may set a field: PAY_ + its name in upper case. */
export const envVarOf = (field: string): string => `PAY_${field.toUpperCase()}`;
