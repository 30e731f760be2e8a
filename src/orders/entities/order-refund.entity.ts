import { Check, Column, Entity, Index } from 'typeorm';
import { bigintToNumber } from '../../common/database/column-types.js';
import { EditableRow } from '../../common/database/base.entity.js';

export enum OrderRefundStatus {
  /** Staff refused it: no money moved. */
  Refused = -1,
  /** The buyer asked; it waits for staff. */
  Requested = 0,
  /** Approved: the money goes back (balance at once, a gateway through the refund job). */
  Refunded = 1,
}

/** Who started the refund: the buyer (a request staff decide on) or staff (at once). */
export type OrderRefundInitiator = 'customer' | 'admin';

/**
 * One refund of an order (the order's refund history): the whole order before it finished, or
 * an after-sales part (or the rest) after it finished. `orders.refunded_amount` is the sum of
 * the refunded rows and never exceeds what was paid (a CHECK and a conditional UPDATE under the
 * order's row lock). At most one request per order waits for staff (partial unique index).
 * `status` changes only through OrderAfterSalesService (ORDER_REFUND_MACHINE).
 */
@Entity('order_refunds')
@Check('chk_order_refunds_status', '"status" IN (-1, 0, 1)')
@Check('chk_order_refunds_amount_positive', '"amount" > 0')
@Check('chk_order_refunds_initiator', `"initiator" IN ('customer', 'admin')`)
@Index('uq_order_refunds_refund_no', ['refundNo'], { unique: true })
@Index('idx_order_refunds_order_id_id', ['orderId', 'id'])
@Index('uq_order_refunds_open_request', ['orderId'], { unique: true, where: '"status" = 0' })
export class OrderRefund extends EditableRow {
  /** Numbered like orders; the gateway refund of a part is `AS` + this number. */
  @Column({ type: 'varchar', length: 32 })
  refundNo: string;

  @Column({ type: 'varchar', length: 32 })
  orderId: string;

  /** The buyer. */
  @Column({ type: 'int' })
  userId: number;

  @Column({ type: 'bigint', transformer: bigintToNumber })
  amount: number;

  /** True for refunds of a finished order (after-sales), false for the whole-order refund before. */
  @Column({ type: 'boolean', default: false })
  afterSales: boolean;

  @Column({ type: 'varchar', length: 8 })
  initiator: OrderRefundInitiator;

  @Column({ type: 'varchar', length: 255, default: '' })
  reason: string;

  /** Image URLs the buyer sent (IsStoredUrl: http(s) or /uploads/…). */
  @Column({ type: 'jsonb', default: () => `'[]'` })
  images: string[];

  @Column({ type: 'smallint', default: 0 })
  status: OrderRefundStatus;

  /** The staff member who decided (or refunded at once); 0 while requested. */
  @Column({ type: 'int', default: 0 })
  adminId: number;

  /** Staff's note on the decision. */
  @Column({ type: 'varchar', length: 255, default: '' })
  decisionNote: string;

  /** Staff said the goods came back: their stock was returned with this refund. */
  @Column({ type: 'boolean', default: false })
  goodsReturned: boolean;

  /** How the money goes back: balance, a gateway's name, offline (by staff), '' before approval. */
  @Column({ type: 'varchar', length: 32, default: '' })
  refundWay: string;

  /** The gateway refund's out_refund_no ('' when no gateway is involved). */
  @Column({ type: 'varchar', length: 64, default: '' })
  outRefundNo: string;

  @Column({ type: 'timestamptz', nullable: true })
  decidedTime: Date | null;
}
