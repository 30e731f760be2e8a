import { SETTING_KEY_MAX } from '../setting-field.js';
import type { GatewaySettingsSpec } from '../setting-field.js';

/**
 * WeChat Pay's settings, declared once: the fields staff save at /system/api/plugin/pay/config
 * (and their Swagger and validation, generated in pay-settings.dto.ts), which are write-only,
 * their PAY_* variables, what is required and the currencies it charges in.
 */
export const WECHAT_SETTINGS: GatewaySettingsSpec = {
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
      maxLength: SETTING_KEY_MAX,
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
      maxLength: SETTING_KEY_MAX,
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
};
