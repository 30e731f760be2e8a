import { SETTING_KEY_MAX } from '../setting-field.js';
import type { GatewaySettingsSpec } from '../setting-field.js';

/**
 * Alipay's settings, declared once: the fields staff save at /system/api/plugin/pay/config
 * (and their Swagger and validation, generated in pay-settings.dto.ts), which are write-only,
 * their PAY_* variables, what is required and the currencies it charges in.
 */
export const ALIPAY_SETTINGS: GatewaySettingsSpec = {
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
      maxLength: SETTING_KEY_MAX,
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
};
