import { Column, Entity, Index } from 'typeorm';
import { EditableRow } from '../../common/database/base.entity.js';

/** A customer's saved recipient address (AnqiCMS `order_address`). Orders keep their own copy. */
@Entity('order_addresses')
@Index('idx_order_addresses_user_id_id', ['userId', 'id'])
export class OrderAddress extends EditableRow {
  @Column({ type: 'int' })
  userId: number;

  @Column({ type: 'varchar', length: 64, default: '' })
  name: string;

  @Column({ type: 'varchar', length: 32, default: '' })
  phone: string;

  @Column({ type: 'varchar', length: 64, default: '' })
  province: string;

  @Column({ type: 'varchar', length: 64, default: '' })
  city: string;

  /** District (AnqiCMS calls it country). */
  @Column({ type: 'varchar', length: 64, default: '' })
  country: string;

  @Column({ type: 'varchar', length: 255, default: '' })
  addressInfo: string;

  @Column({ type: 'varchar', length: 16, default: '' })
  postcode: string;

  @Column({ type: 'smallint', default: 1 })
  status: number;
}
