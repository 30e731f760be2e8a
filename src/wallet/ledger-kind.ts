/** Why a balance moved (balance_ledger.kind). */
export const LEDGER_KINDS = [
  'order_payment',
  'order_refund',
  'sale_income',
  'share_commission',
  'parent_commission',
  'admin_adjust',
  /** An after-sales refund takes back its share of a credited sale income or commission. */
  'commission_reversal',
] as const;

export type LedgerKind = (typeof LEDGER_KINDS)[number];
