import { toUnixSeconds } from '../common/database/column-types.js';
import { LedgerEntryResponseDto } from './dto/ledger.response.dto.js';
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
