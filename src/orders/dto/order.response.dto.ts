import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { GoodsResponseDto } from '../../catalogue/dto/goods.response.dto.js';
import { UserResponseDto } from '../../users/dto/user.response.dto.js';
import { ACTOR_SPELLINGS } from '../../common/state-machine/actor-spellings.js';
import { ORDER_ACTION_NAMES } from '../order-status.js';
import { OrderRefundResponseDto } from './order-refund.dto.js';

/** vip order lines: the user group bought, as it was at order time. */
export class OrderVipGroupDto {
  @ApiProperty({ example: 2 }) id: number;
  @ApiProperty({ example: 'VIP' }) title: string;
  @ApiProperty({ example: 9900, description: 'Group price at order time, fen' }) price: number;
}

/** The recipient address copied onto the order. */
export class OrderAddressSnapshotDto {
  @ApiProperty({ example: '张三' }) name: string;
  @ApiProperty({ example: '13888888888' }) phone: string;
  @ApiProperty({ example: '广东省' }) province: string;
  @ApiProperty({ example: '深圳市' }) city: string;
  @ApiProperty({ example: '南山区', description: 'District' }) country: string;
  @ApiProperty({ example: '科技园1号' }) address_info: string;
  @ApiProperty({ example: '518000' }) postcode: string;
}

/** One status change (order detail). */
export class OrderHistoryResponseDto {
  @ApiProperty({ example: 3 }) id: number;
  @ApiProperty({ example: 'pay', description: "An action of the transition table, or 'create'" })
  action: string;
  @ApiProperty({ enum: Object.values(ACTOR_SPELLINGS.actorKind) }) actor_kind: string;
  @ApiProperty({ example: 1000, description: 'users.id or admins.id, 0 = system' })
  actor_id: number;
  @ApiProperty({
    type: 'integer',
    example: 0,
    nullable: true,
    description: 'null on the creation row',
  })
  from_status: number | null;
  @ApiProperty({ example: 1 }) to_status: number;
  @ApiProperty({ type: 'integer', example: 0, nullable: true })
  from_refund_status: number | null;
  @ApiProperty({ example: 0 }) to_refund_status: number;
  @ApiProperty({ example: '' }) note: string;
  @ApiProperty({ example: 1669212548 }) created_time: number;
}

/** One order line (`details[]`), with the product as it is now in `goods` (null if deleted). */
export class OrderDetailResponseDto {
  @ApiProperty({ example: 16 }) id: number;
  @ApiProperty({ example: 1669212548 }) created_time: number;
  @ApiProperty({ example: 1669212548 }) updated_time: number;
  @ApiProperty({ example: '202211232209080046' }) order_id: string;
  @ApiProperty({ example: 1000 }) user_id: number;
  @ApiProperty({ example: 188 }) goods_id: number;
  @ApiProperty({ example: 0, description: 'SKU id' }) goods_item_id: number;
  @ApiProperty({ example: 9900, description: 'Unit price paid, fen' }) price: number;
  @ApiProperty({ example: 9900, description: 'Catalogue unit price, fen' }) origin_price: number;
  @ApiProperty({ example: 9900, description: 'Line total paid, fen' }) amount: number;
  @ApiProperty({ example: 9900, description: 'Line total at catalogue price, fen' })
  origin_amount: number;
  @ApiProperty({ example: 1 }) quantity: number;
  @ApiProperty({ example: 1 }) status: number;
  @ApiProperty({
    example: '英文外贸响应式通用主题wzl-008',
    description: 'Snapshot taken at order time',
  })
  title: string;
  @ApiProperty({ example: '', description: 'Snapshot taken at order time' }) thumb: string;
  @ApiProperty({ example: '', description: 'SKU title, snapshot taken at order time' })
  sku_title: string;
  @ApiProperty({ type: GoodsResponseDto, nullable: true }) goods: GoodsResponseDto | null;
  @ApiProperty({
    type: OrderVipGroupDto,
    nullable: true,
    description: 'vip orders: the group bought; null for goods',
  })
  group: OrderVipGroupDto | null;
}

/** The AnqiCMS order object (accept's `data`, GET /api/orders items). */
export class OrderResponseDto {
  @ApiProperty({ example: 46 }) id: number;
  @ApiProperty({ example: 1669212548 }) created_time: number;
  @ApiProperty({ example: 1669212548 }) updated_time: number;
  @ApiProperty({ example: '202211232209080046', description: 'Order number' }) order_id: string;
  @ApiProperty({ example: '', description: 'Payment transaction id' }) payment_id: string;
  @ApiProperty({ example: 1000 }) user_id: number;
  @ApiProperty({ example: 0 }) address_id: number;
  @ApiProperty({ example: '定制商品订单' }) remark: string;
  @ApiProperty({ example: 'goods', enum: ['goods', 'vip'] }) type: string;
  @ApiProperty({
    example: 0,
    description:
      '-1 cancelled, 0 waiting for payment, 1 paid, 2 shipped, 3 finished, 8 refunding, 9 refunded',
  })
  status: number;
  @ApiProperty({ example: 0, description: '-1 refund refused, 0 none or in progress, 1 refunded' })
  refund_status: number;
  @ApiProperty({ example: 9900, description: 'Fen' }) origin_amount: number;
  @ApiProperty({ example: 9900, description: 'Fen' }) amount: number;
  @ApiProperty({
    example: 0,
    description:
      'Fen refunded so far (the refunds[] that are refunded); never more than amount. ' +
      'A finished order may be refunded in parts (after-sales refunds)',
  })
  refunded_amount: number;
  @ApiProperty({ example: 0 }) paid_time: number;
  @ApiProperty({ example: 0, description: 'Auto-finish deadline' }) end_time: number;
  @ApiProperty({ example: 0 }) deliver_time: number;
  @ApiProperty({ example: 0 }) finished_time: number;
  @ApiProperty({ example: 0, description: 'Fen' }) discount_amount: number;
  @ApiProperty({ example: 15 }) seller_id: number;
  @ApiProperty({ example: 7920, description: 'Fen' }) seller_amount: number;
  @ApiProperty({ example: 0 }) share_user_id: number;
  @ApiProperty({ example: 0 }) share_parent_user_id: number;
  @ApiProperty({ example: 0, description: 'Fen' }) share_amount: number;
  @ApiProperty({ example: 0, description: 'Fen' }) share_parent_amount: number;
  @ApiProperty({ example: '' }) express_company: string;
  @ApiProperty({ example: '' }) tracking_number: string;
  @ApiProperty({ example: 0 }) is_updated: number;
  @ApiProperty({
    example: 0,
    description: 'The communication order (custom request) this order settles, 0 = none',
  })
  comm_order_id: number;
  @ApiProperty({
    example: ['pay', 'cancel'],
    isArray: true,
    enum: ORDER_ACTION_NAMES,
    description: 'What the caller may do now (from the transition table)',
  })
  allowed_actions: string[];
  @ApiPropertyOptional({ type: UserResponseDto, description: 'The buyer (lists and detail)' })
  user?: UserResponseDto;
  @ApiPropertyOptional({
    type: UserResponseDto,
    description: 'Staff detail, when share_user_id > 0: the inviter earning share_amount',
  })
  share_user?: UserResponseDto;
  @ApiPropertyOptional({
    type: UserResponseDto,
    description: "Staff detail, when share_parent_user_id > 0: the inviter's inviter",
  })
  parent_user?: UserResponseDto;
  @ApiPropertyOptional({ type: [OrderDetailResponseDto], description: 'Lines (lists and detail)' })
  details?: OrderDetailResponseDto[];
  @ApiPropertyOptional({
    type: OrderAddressSnapshotDto,
    nullable: true,
    description: 'Detail only: the recipient address as ordered',
  })
  order_address?: OrderAddressSnapshotDto | null;
  @ApiPropertyOptional({ type: [OrderHistoryResponseDto], description: 'Detail only' })
  history?: OrderHistoryResponseDto[];
  @ApiPropertyOptional({
    type: [OrderRefundResponseDto],
    description:
      'Detail only: the refund history, oldest first (requests, their decisions, after-sales parts)',
  })
  refunds?: OrderRefundResponseDto[];
}
