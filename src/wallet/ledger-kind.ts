/** Why a balance moved (balance_ledger.kind). */
export const LEDGER_KINDS = [
  'order_payment',
  'order_refund',
  'sale_income',
  'share_commission',
  'parent_commission',
  'admin_adjust',
] as const;

export type LedgerKind = (typeof LEDGER_KINDS)[number];
