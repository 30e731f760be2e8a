import { toUnixSeconds } from '../common/database/column-types.js';
import { FinanceEntryResponseDto, LedgerEntryResponseDto } from './dto/ledger.response.dto.js';
import { LedgerKind } from './ledger-kind.js';
import { BalanceLedgerEntry } from './entities/balance-ledger.entity.js';

export function toLedgerEntryResponse(entry: BalanceLedgerEntry): LedgerEntryResponseDto {
  return {
    id: entry.id,
    user_id: entry.userId,
    amount: entry.amount,
    balance_after: entry.balanceAfter,
    kind: entry.kind,
    order_id: entry.orderId,
    note: entry.note,
    admin_id: entry.adminId,
    created_time: toUnixSeconds(entry.createdTime),
  };
}

/** AnqiCMS's finance action of each ledger kind (config.FinanceAction*). */
const FINANCE_ACTIONS: Record<LedgerKind, number> = {
  sale_income: 1,
  order_payment: 2,
  order_refund: 3,
  admin_adjust: 4,
  share_commission: 8,
  parent_commission: 8,
  // A commission taken back because its order was refunded: a refund movement.
  commission_reversal: 3,
};

export function toFinanceEntryResponse(
  entry: BalanceLedgerEntry,
  userName: string,
): FinanceEntryResponseDto {
  const created = toUnixSeconds(entry.createdTime);
  return {
    id: entry.id,
    user_id: entry.userId,
    user_name: userName,
    direction: entry.amount > 0 ? 1 : 2,
    amount: Math.abs(entry.amount),
    change: entry.amount,
    after_amount: entry.balanceAfter,
    action: FINANCE_ACTIONS[entry.kind as LedgerKind],
    kind: entry.kind,
    order_id: entry.orderId,
    status: 0,
    remark: entry.note,
    created_time: created,
    updated_time: created,
  };
}
