import { ApiPropertyOptional } from '@nestjs/swagger';
import { CreateOrderRequestDto } from '../../orders/dto/create-order.request.dto.js';
import { IsDbId, IsDbInt, OptionalNotNull } from '../../common/validation/db-bounds.decorators.js';

/**
 * POST /api/communication/order/accept: the order-create body of the spec plus the request `id`
 * and the `quote_version` the customer saw. The single order line is always the request's
 * product at the quoted amount, quantity 1; address, remark and coupons work as in order create.
 */
export class AcceptCommOrderRequestDto extends CreateOrderRequestDto {
  @ApiPropertyOptional({
    example: 123,
    description:
      "The communication order to accept. Without it, the caller's single quoted request for goods_id is used",
  })
  @OptionalNotNull()
  @IsDbId()
  id?: number;

  @ApiPropertyOptional({
    example: 1,
    description: 'The quote version shown to the customer; refused (COMM.QUOTE_STALE) if replaced',
  })
  @OptionalNotNull()
  @IsDbInt({ min: 1 })
  quote_version?: number;
}
