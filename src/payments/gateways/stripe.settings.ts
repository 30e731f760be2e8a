import type { GatewaySettingsSpec } from '../setting-field.js';

/**
 * Stripe's settings, declared once: the fields staff save at /system/api/plugin/pay/config
 * (and their Swagger and validation, generated in pay-settings.dto.ts), which are write-only,
 * their PAY_* variables, what is required and the currencies it charges in.
 */
export const STRIPE_SETTINGS: GatewaySettingsSpec = {
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
};
