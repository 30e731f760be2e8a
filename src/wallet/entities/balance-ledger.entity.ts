import { Check, Column, Entity, Index } from 'typeorm';
import { bigintToNumber } from '../../common/database/column-types.js';
import { CreatedRow } from '../../common/database/base.entity.js';

/**
 * One movement of a customer's balance (fen, signed), with the balance right after it. Written
 * in the same transaction as the balance UPDATE, so the ledger and users.balance never disagree.
 * A non-empty `ref` (payment id, order number) makes the movement unique per user and kind: the
 * same payment can never be debited twice, the same commission never credited twice.
 */
@Entity('balance_ledger')
@Index('uq_balance_ledger_user_kind_ref', ['userId', 'kind', 'ref'], {
  unique: true,
  where: `"ref" <> ''`,
})
@Index('idx_balance_ledger_user_id_id', ['userId', 'id'])
@Index('idx_balance_ledger_order_id', ['orderId'], { where: `"order_id" <> ''` })
@Check('chk_balance_ledger_amount_not_zero', '"amount" <> 0')
@Check('chk_balance_ledger_balance_after_not_negative', '"balance_after" >= 0')
export class BalanceLedgerEntry extends CreatedRow {
  @Column({ type: 'int' })
  userId: number;

  /** Fen; positive = credit, negative = debit. */
  @Column({ type: 'bigint', transformer: bigintToNumber })
  amount: number;

  @Column({ type: 'bigint', transformer: bigintToNumber })
  balanceAfter: number;

  /** LedgerKind: why the balance moved. */
  @Column({ type: 'varchar', length: 32 })
  kind: string;

  /** Idempotency reference (payment id, order number); '' = none (admin adjustments). */
  @Column({ type: 'varchar', length: 64, default: '' })
  ref: string;

  /** The order number the movement belongs to, '' = none. */
  @Column({ type: 'varchar', length: 32, default: '' })
  orderId: string;

  @Column({ type: 'varchar', length: 255, default: '' })
  note: string;

  /** The staff member who made an adjustment; 0 = not a manual adjustment. */
  @Column({ type: 'int', default: 0 })
  adminId: number;
}
