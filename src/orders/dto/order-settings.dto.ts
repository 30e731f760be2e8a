import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';

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

  @ApiProperty({ example: false, description: 'Always false: ordering needs a customer login' })
  no_need_login: boolean;
}

export class OrderSettingsUpdateDto implements Partial<OrderSettingsDto> {
  @ApiPropertyOptional() @IsOptional() @IsBoolean() no_process?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(3650) auto_finish_day?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(525_600) auto_close_minute?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(100) seller_percent?: number;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() no_need_login?: boolean;
}
