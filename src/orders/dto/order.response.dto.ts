import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { GoodsResponseDto } from '../../catalogue/dto/goods.response.dto.js';
import { UserResponseDto } from '../../users/dto/user.response.dto.js';

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
  @ApiProperty({ type: GoodsResponseDto, nullable: true }) goods: GoodsResponseDto | null;
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
  @ApiPropertyOptional({ type: UserResponseDto, description: 'The buyer (lists and detail)' })
  user?: UserResponseDto;
  @ApiPropertyOptional({ type: [OrderDetailResponseDto], description: 'Lines (lists and detail)' })
  details?: OrderDetailResponseDto[];
}
