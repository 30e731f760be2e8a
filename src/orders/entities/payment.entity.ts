import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { bigintToNumber } from '../../common/database/column-types.js';

export enum PaymentStatus {
  Cancelled = -1,
  Pending = 0,
  Paid = 1,
  Refunded = 2,
}

/**
 * A payment of an order (AnqiCMS `payment`). At most one live (not cancelled) payment per order
 * is a unique index: an order can never be paid twice, whatever races.
 */
@Entity('payments')
@Check('chk_payments_status', '"status" IN (-1, 0, 1, 2)')
@Check('chk_payments_amount_not_negative', '"amount" >= 0')
@Index('uq_payments_payment_id', ['paymentId'], { unique: true })
@Index('uq_payments_live_per_order', ['orderId'], { unique: true, where: '"status" <> -1' })
@Index('idx_payments_order_id', ['orderId'])
export class Payment {
  @PrimaryGeneratedColumn()
  id: number;

  /** 14-digit local time + last 4 digits of the id, like order numbers. */
  @Column({ type: 'varchar', length: 32 })
  paymentId: string;

  @Column({ type: 'varchar', length: 32 })
  orderId: string;

  @Column({ type: 'int' })
  userId: number;

  @Column({ type: 'bigint', transformer: bigintToNumber })
  amount: number;

  /** balance, offline, or a gateway name (wechat, alipay, paypal, ...). */
  @Column({ type: 'varchar', length: 32 })
  payWay: string;

  @Column({ type: 'smallint', default: 0 })
  status: PaymentStatus;

  /** The gateway's transaction id, '' for balance/offline. */
  @Column({ type: 'varchar', length: 64, default: '' })
  terraceId: string;

  @Column({ type: 'timestamptz', nullable: true })
  paidTime: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  refundedTime: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdTime: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedTime: Date;
}
