import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import { IsDbInt, OptionalNotNull } from '../../common/validation/db-bounds.decorators.js';

/** AnqiCMS's order settings (`config.PluginOrderConfig`), as its staff panel reads and posts them. */
export class OrderSettingsDto {
  @ApiProperty({ example: false, description: 'Always false: orders always go through payment' })
  no_process: boolean;

  @ApiProperty({ example: 10, description: 'ORDER_AUTO_FINISH_DAYS' })
  auto_finish_day: number;

  @ApiProperty({ example: 30, description: 'ORDER_AUTO_CLOSE_MINUTES' })
  auto_close_minute: number;

  @ApiProperty({ example: 80, description: 'ORDER_SELLER_PERCENT' })
  seller_percent: number;

  @ApiProperty({
    example: 7,
    description:
      'ORDER_REFUND_WINDOW_DAYS: days after an order finished during which its buyer may still ' +
      'ask for a (full or partial) refund; 0 = not after finishing (staff always may)',
  })
  refund_window_day: number;

  @ApiProperty({ example: false, description: 'Always false: ordering needs a customer login' })
  no_need_login: boolean;
}

export class OrderSettingsUpdateDto implements Partial<OrderSettingsDto> {
  @ApiPropertyOptional() @OptionalNotNull() @IsBoolean() no_process?: boolean;
  @ApiPropertyOptional() @OptionalNotNull() @IsDbInt({ max: 3650 }) auto_finish_day?: number;
  @ApiPropertyOptional() @OptionalNotNull() @IsDbInt({ max: 525_600 }) auto_close_minute?: number;
  @ApiPropertyOptional() @OptionalNotNull() @IsDbInt({ max: 100 }) seller_percent?: number;
  @ApiPropertyOptional() @OptionalNotNull() @IsDbInt({ max: 3650 }) refund_window_day?: number;
  @ApiPropertyOptional() @OptionalNotNull() @IsBoolean() no_need_login?: boolean;
}
