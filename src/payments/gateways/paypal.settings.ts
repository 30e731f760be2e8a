import type { GatewaySettingsSpec } from '../setting-field.js';

/**
 * PayPal's settings, declared once: the fields staff save at /system/api/plugin/pay/config
 * (and their Swagger and validation, generated in pay-settings.dto.ts), which are write-only,
 * their PAY_* variables, what is required and the currencies it charges in.
 */
export const PAYPAL_SETTINGS: GatewaySettingsSpec = {
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
      pattern: { regex: /^[A-Za-z0-9]*$/, message: '$property must be letters and digits' },
    },
    {
      name: 'paypal_return_url',
      kind: 'text',
      description:
        'Page the buyer lands on after PayPal, with ?order_id=…&status=paid|pending|cancelled|failed ' +
        '(empty: a short plain page)',
      maxLength: 500,
      pattern: { regex: /^(https?:\/\/[^\s\0]+)?$/, message: '$property must be an http(s) URL' },
      example: 'https://shop.example.com/pay/result',
    },
  ],
  required: ['paypal_client_id', 'paypal_client_secret'],
  requiredByPayWay: {},
  defaultCurrency: 'USD',
  currencies: [],
};
