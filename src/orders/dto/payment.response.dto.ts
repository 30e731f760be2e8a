import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The answer to POST /api/order/payment: what happened, and what the client must do next. */
export class PaymentResponseDto {
  @ApiProperty({ example: '202211232209080046' }) order_id: string;
  @ApiProperty({ example: '202211232209080016' }) payment_id: string;
  @ApiProperty({ example: 'balance' }) pay_way: string;
  @ApiProperty({ example: 9900, description: 'Fen' }) amount: number;
  @ApiProperty({ example: 1, description: '0 pending, 1 paid, 2 refunded, -1 cancelled' })
  status: number;
  @ApiProperty({ example: 1669212548, description: '0 = not paid yet' }) paid_time: number;
  @ApiProperty({ example: 1, description: 'The order status now' }) order_status: number;
  @ApiPropertyOptional({ description: 'Gateways: a QR code to scan (data URL)' })
  code_url?: string;
  @ApiPropertyOptional({ description: 'Gateways: a page to send the buyer to' })
  jump_url?: string;
}

export class PaymentCheckResponseDto {
  @ApiProperty({ example: '202211232209080046' }) order_id: string;
  @ApiProperty({ example: true }) paid: boolean;
  @ApiProperty({ example: 1 }) status: number;
}
