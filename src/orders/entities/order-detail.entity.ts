import { Check, Column, Entity, Index } from 'typeorm';
import { bigintToNumber } from '../../common/database/column-types.js';
import { EditableRow } from '../../common/database/base.entity.js';

/**
 * One order line (AnqiCMS `order_detail`) with a snapshot of the product as it was bought
 * (title, option, thumb, prices), so later catalogue edits never rewrite history.
 */
@Entity('order_details')
@Check('chk_order_details_quantity_positive', '"quantity" > 0')
@Check(
  'chk_order_details_money',
  '"price" >= 0 AND "origin_price" >= 0 AND "amount" = "price" * "quantity" AND "origin_amount" = "origin_price" * "quantity"',
)
@Index('idx_order_details_order_id', ['orderId'])
@Index('idx_order_details_goods_id', ['goodsId'])
export class OrderDetail extends EditableRow {
  /** The order number (orders.order_id), as AnqiCMS links them. */
  @Column({ type: 'varchar', length: 32 })
  orderId: string;

  @Column({ type: 'int' })
  userId: number;

  /** Product id; for vip orders the user group id. */
  @Column({ type: 'int' })
  goodsId: number;

  /** SKU id, 0 = the product itself. */
  @Column({ type: 'int', default: 0 })
  goodsItemId: number;

  @Column({ type: 'varchar', length: 250, default: '' })
  title: string;

  @Column({ type: 'varchar', length: 250, default: '' })
  skuTitle: string;

  @Column({ type: 'varchar', length: 512, default: '' })
  thumb: string;

  /** Unit price paid (after member discount), fen. */
  @Column({ type: 'bigint', transformer: bigintToNumber })
  price: number;

  /** Base unit price (catalogue or accepted quote), fen. */
  @Column({ type: 'bigint', transformer: bigintToNumber })
  originPrice: number;

  @Column({ type: 'bigint', transformer: bigintToNumber })
  amount: number;

  @Column({ type: 'bigint', transformer: bigintToNumber })
  originAmount: number;

  @Column({ type: 'int' })
  quantity: number;

  @Column({ type: 'smallint', default: 1 })
  status: number;
}
