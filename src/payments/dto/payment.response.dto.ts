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
  @ApiProperty({ example: 'CNY', description: 'amount is in its minor unit (fen, cents)' })
  currency: string;
  @ApiPropertyOptional({
    description: 'wechat (Native): the QR code to show, a PNG data URL (as AnqiCMS)',
  })
  code_url?: string;
  @ApiPropertyOptional({ description: 'wechat (Native): the weixin:// link inside the QR code' })
  code_link?: string;
  @ApiPropertyOptional({ description: 'alipay, alipay_wap, stripe, paypal: the page to open' })
  jump_url?: string;
  @ApiPropertyOptional({ description: 'weapp / wechat with openid: for wx.requestPayment' })
  timeStamp?: string;
  @ApiPropertyOptional({ description: 'weapp / wechat with openid: for wx.requestPayment' })
  nonceStr?: string;
  @ApiPropertyOptional({
    description: 'weapp / wechat with openid: `prepay_id=...`',
    name: 'package',
  })
  package?: string;
  @ApiPropertyOptional({ description: 'weapp / wechat with openid: `RSA` (API v3)' })
  signType?: string;
  @ApiPropertyOptional({ description: 'weapp / wechat with openid: for wx.requestPayment' })
  paySign?: string;
  @ApiPropertyOptional({ description: 'wechat with openid (JSAPI): for WeixinJSBridge' })
  appId?: string;
}

export class PaymentCheckResponseDto {
  @ApiProperty({ example: '202211232209080046' }) order_id: string;
  @ApiProperty({ example: true }) paid: boolean;
  @ApiProperty({ example: 1 }) status: number;
}
