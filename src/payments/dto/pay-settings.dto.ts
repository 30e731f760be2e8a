import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { OptionalNotNull } from '../../common/validation/db-bounds.decorators.js';
import { NO_NUL } from '../../common/validation/dto-limits.js';

/** A PEM key or certificate, or the bare base64 Alipay gives out, fits in this. */
const KEY_MAX = 8192;

/**
 * POST /system/api/plugin/pay/config: AnqiCMS's flat pay settings (plus API v3 / RSA2 fields).
 * Only the fields sent change. A write-only field (private keys, secrets) keeps its value when
 * omitted or sent as '' (what the staff panel echoes back), and is removed with null.
 */
export class PaySettingsRequestDto {
  @ApiPropertyOptional({ description: 'WeChat Pay on (default on once configured)' })
  @OptionalNotNull()
  @IsBoolean()
  wechat_open?: boolean;

  @ApiPropertyOptional({
    description: 'Official account / website AppID (wechat: Native and JSAPI)',
  })
  @OptionalNotNull()
  @IsString()
  @MaxLength(64)
  @Matches(NO_NUL, { message: '$property must not contain NUL bytes' })
  wechat_app_id?: string;

  @ApiPropertyOptional({ description: 'Mini-program AppID (weapp)' })
  @OptionalNotNull()
  @IsString()
  @MaxLength(64)
  @Matches(NO_NUL, { message: '$property must not contain NUL bytes' })
  weapp_app_id?: string;

  @ApiPropertyOptional({ description: 'Merchant id (mchid)' })
  @OptionalNotNull()
  @IsString()
  @MaxLength(64)
  @Matches(NO_NUL, { message: '$property must not contain NUL bytes' })
  wechat_mch_id?: string;

  @ApiPropertyOptional({ description: 'Serial number of the merchant API certificate' })
  @OptionalNotNull()
  @IsString()
  @MaxLength(64)
  @Matches(NO_NUL, { message: '$property must not contain NUL bytes' })
  wechat_serial_no?: string;

  @ApiPropertyOptional({
    description: 'Merchant API private key (apiclient_key.pem), write-only',
    nullable: true,
  })
  // null removes the stored value, so it is let through here (and only here).
  @ValidateIf((_o, value) => value !== null && value !== undefined)
  @IsString()
  @MaxLength(KEY_MAX)
  @Matches(NO_NUL, { message: '$property must not contain NUL bytes' })
  wechat_private_key?: string | null;

  @ApiPropertyOptional({ description: 'APIv3 key (32 characters), write-only', nullable: true })
  // null removes the stored value, so it is let through here (and only here).
  @ValidateIf((_o, value) => value !== null && value !== undefined)
  @IsString()
  @MaxLength(KEY_MAX)
  @Matches(NO_NUL, { message: '$property must not contain NUL bytes' })
  wechat_api_v3_key?: string | null;

  @ApiPropertyOptional({ description: 'WeChat Pay public key or platform certificate (PEM)' })
  @OptionalNotNull()
  @IsString()
  @MaxLength(KEY_MAX)
  @Matches(NO_NUL, { message: '$property must not contain NUL bytes' })
  wechat_platform_public_key?: string;

  @ApiPropertyOptional({ description: 'Its id/serial (Wechatpay-Serial); empty = not checked' })
  @OptionalNotNull()
  @IsString()
  @MaxLength(64)
  @Matches(NO_NUL, { message: '$property must not contain NUL bytes' })
  wechat_platform_serial?: string;

  @ApiPropertyOptional({
    description:
      'A second WeChat Pay verification key (PEM) during WeChat’s move from platform certificates to the WeChat Pay public key; empty = none',
  })
  @OptionalNotNull()
  @IsString()
  @MaxLength(KEY_MAX)
  @Matches(NO_NUL, { message: '$property must not contain NUL bytes' })
  wechat_platform_public_key_2?: string;

  @ApiPropertyOptional({
    description: 'The second key’s serial (Wechatpay-Serial); required with it',
  })
  @OptionalNotNull()
  @IsString()
  @MaxLength(64)
  @Matches(NO_NUL, { message: '$property must not contain NUL bytes' })
  wechat_platform_serial_2?: string;

  @ApiPropertyOptional({ description: 'Currency (CNY)', example: 'CNY' })
  @OptionalNotNull()
  @IsString()
  @Matches(/^[A-Za-z]{3}$/, { message: '$property must be a 3-letter ISO 4217 code' })
  wechat_currency?: string;

  @ApiPropertyOptional({ description: 'Alipay on (default on once configured)' })
  @OptionalNotNull()
  @IsBoolean()
  alipay_open?: boolean;

  @ApiPropertyOptional({ description: 'Application AppID' })
  @OptionalNotNull()
  @IsString()
  @MaxLength(64)
  @Matches(NO_NUL, { message: '$property must not contain NUL bytes' })
  alipay_app_id?: string;

  @ApiPropertyOptional({
    description: 'Application private key (RSA2), write-only',
    nullable: true,
  })
  // null removes the stored value, so it is let through here (and only here).
  @ValidateIf((_o, value) => value !== null && value !== undefined)
  @IsString()
  @MaxLength(KEY_MAX)
  @Matches(NO_NUL, { message: '$property must not contain NUL bytes' })
  alipay_private_key?: string | null;

  @ApiPropertyOptional({
    description: 'Alipay public key (RSA2), verifies notifications and answers',
  })
  @OptionalNotNull()
  @IsString()
  @MaxLength(KEY_MAX)
  @Matches(NO_NUL, { message: '$property must not contain NUL bytes' })
  alipay_public_key?: string;

  @ApiPropertyOptional({
    description: 'Merchant PID (2088...); when set, notifications must name it',
  })
  @OptionalNotNull()
  @IsString()
  @MaxLength(64)
  @Matches(NO_NUL, { message: '$property must not contain NUL bytes' })
  alipay_seller_id?: string;

  @ApiPropertyOptional({ description: 'Use the Alipay sandbox' })
  @OptionalNotNull()
  @IsBoolean()
  alipay_sandbox?: boolean;

  @ApiPropertyOptional({ description: 'Currency (CNY)', example: 'CNY' })
  @OptionalNotNull()
  @IsString()
  @Matches(/^[A-Za-z]{3}$/, { message: '$property must be a 3-letter ISO 4217 code' })
  alipay_currency?: string;

  @ApiPropertyOptional({ description: 'Stripe on (default on once configured)' })
  @OptionalNotNull()
  @IsBoolean()
  stripe_open?: boolean;

  @ApiPropertyOptional({ description: 'Secret API key (sk_...), write-only', nullable: true })
  // null removes the stored value, so it is let through here (and only here).
  @ValidateIf((_o, value) => value !== null && value !== undefined)
  @IsString()
  @MaxLength(KEY_MAX)
  @Matches(NO_NUL, { message: '$property must not contain NUL bytes' })
  stripe_secret_key?: string | null;

  @ApiPropertyOptional({
    description: 'Webhook signing secret (whsec_...), write-only',
    nullable: true,
  })
  // null removes the stored value, so it is let through here (and only here).
  @ValidateIf((_o, value) => value !== null && value !== undefined)
  @IsString()
  @MaxLength(KEY_MAX)
  @Matches(NO_NUL, { message: '$property must not contain NUL bytes' })
  stripe_webhook_secret?: string | null;

  @ApiPropertyOptional({ description: 'Currency (default USD)', example: 'CNY' })
  @OptionalNotNull()
  @IsString()
  @Matches(/^[A-Za-z]{3}$/, { message: '$property must be a 3-letter ISO 4217 code' })
  stripe_currency?: string;

  @ApiPropertyOptional({ description: 'PayPal on (default on once configured)' })
  @OptionalNotNull()
  @IsBoolean()
  paypal_open?: boolean;

  @ApiPropertyOptional({ description: 'REST app client id' })
  @OptionalNotNull()
  @IsString()
  @MaxLength(64)
  @Matches(NO_NUL, { message: '$property must not contain NUL bytes' })
  paypal_client_id?: string;

  @ApiPropertyOptional({ description: 'REST app secret, write-only', nullable: true })
  // null removes the stored value, so it is let through here (and only here).
  @ValidateIf((_o, value) => value !== null && value !== undefined)
  @IsString()
  @MaxLength(KEY_MAX)
  @Matches(NO_NUL, { message: '$property must not contain NUL bytes' })
  paypal_client_secret?: string | null;

  @ApiPropertyOptional({ description: 'Use the PayPal sandbox' })
  @OptionalNotNull()
  @IsBoolean()
  paypal_sandbox?: boolean;

  @ApiPropertyOptional({ description: 'Currency (default USD)', example: 'CNY' })
  @OptionalNotNull()
  @IsString()
  @Matches(/^[A-Za-z]{3}$/, { message: '$property must be a 3-letter ISO 4217 code' })
  paypal_currency?: string;

  @ApiPropertyOptional({
    description:
      'Merchant id of the receiving PayPal account; when set, an order must name it as payee before it is captured',
  })
  @OptionalNotNull()
  @IsString()
  @MaxLength(64)
  @Matches(/^[A-Za-z0-9]*$/, { message: '$property must be letters and digits' })
  paypal_merchant_id?: string;

  @ApiPropertyOptional({
    description:
      'Page the buyer lands on after PayPal, with ?order_id=…&status=paid|pending|cancelled|failed ' +
      '(empty: a short plain page)',
    example: 'https://shop.example.com/pay/result',
  })
  @OptionalNotNull()
  @IsString()
  @MaxLength(500)
  @Matches(/^(https?:\/\/[^\s\0]+)?$/, { message: '$property must be an http(s) URL' })
  paypal_return_url?: string;
}

export class GatewayStatusDto {
  @ApiProperty({ example: 'wechat' }) gateway: string;
  @ApiProperty({ example: 'WeChat Pay' }) title: string;
  @ApiProperty({ example: ['wechat', 'weapp'] }) pay_ways: string[];
  @ApiProperty({ description: 'Switched on and every required field set' }) configured: boolean;
  @ApiProperty({ description: 'Required fields still empty', example: [] }) missing: string[];
  @ApiProperty({ example: 'CNY' }) currency: string;
  @ApiProperty({
    example: 'https://shop.example.com/notify/wechat/pay',
    description: 'Give this to the gateway',
  })
  notify_url: string;
  @ApiProperty({ description: 'Fields set by PAY_* environment variables (read-only here)' })
  env_fields: string[];
}

/** GET /system/api/plugin/pay/config. Write-only fields are '' with `has_<field>` telling if set. */
export class PaySettingsResponseDto {
  @ApiProperty({ description: 'WeChat Pay on (default on once configured)' }) wechat_open: boolean;
  @ApiProperty({ description: 'Official account / website AppID (wechat: Native and JSAPI)' })
  wechat_app_id: string;
  @ApiProperty({ description: 'Mini-program AppID (weapp)' }) weapp_app_id: string;
  @ApiProperty({ description: 'Merchant id (mchid)' }) wechat_mch_id: string;
  @ApiProperty({ description: 'Serial number of the merchant API certificate' })
  wechat_serial_no: string;
  @ApiProperty({ description: 'Merchant API private key (apiclient_key.pem), write-only' })
  wechat_private_key: string;
  @ApiProperty() has_wechat_private_key: boolean;
  @ApiProperty({ description: 'APIv3 key (32 characters), write-only' }) wechat_api_v3_key: string;
  @ApiProperty() has_wechat_api_v3_key: boolean;
  @ApiProperty({ description: 'WeChat Pay public key or platform certificate (PEM)' })
  wechat_platform_public_key: string;
  @ApiProperty({ description: 'Its id/serial (Wechatpay-Serial); empty = not checked' })
  wechat_platform_serial: string;
  @ApiProperty({ description: 'Second verification key during the key migration (PEM), or ""' })
  wechat_platform_public_key_2: string;
  @ApiProperty({ description: 'The second key’s serial, or ""' })
  wechat_platform_serial_2: string;
  @ApiProperty({ description: 'Currency (CNY)' }) wechat_currency: string;
  @ApiProperty({ description: 'Alipay on (default on once configured)' }) alipay_open: boolean;
  @ApiProperty({ description: 'Application AppID' }) alipay_app_id: string;
  @ApiProperty({ description: 'Application private key (RSA2), write-only' })
  alipay_private_key: string;
  @ApiProperty() has_alipay_private_key: boolean;
  @ApiProperty({ description: 'Alipay public key (RSA2), verifies notifications and answers' })
  alipay_public_key: string;
  @ApiProperty({ description: 'Merchant PID (2088...); when set, notifications must name it' })
  alipay_seller_id: string;
  @ApiProperty({ description: 'Use the Alipay sandbox' }) alipay_sandbox: boolean;
  @ApiProperty({ description: 'Currency (CNY)' }) alipay_currency: string;
  @ApiProperty({ description: 'Stripe on (default on once configured)' }) stripe_open: boolean;
  @ApiProperty({ description: 'Secret API key (sk_...), write-only' }) stripe_secret_key: string;
  @ApiProperty() has_stripe_secret_key: boolean;
  @ApiProperty({ description: 'Webhook signing secret (whsec_...), write-only' })
  stripe_webhook_secret: string;
  @ApiProperty() has_stripe_webhook_secret: boolean;
  @ApiProperty({ description: 'Currency (default USD)' }) stripe_currency: string;
  @ApiProperty({ description: 'PayPal on (default on once configured)' }) paypal_open: boolean;
  @ApiProperty({ description: 'REST app client id' }) paypal_client_id: string;
  @ApiProperty({ description: 'REST app secret, write-only' }) paypal_client_secret: string;
  @ApiProperty() has_paypal_client_secret: boolean;
  @ApiProperty({ description: 'Use the PayPal sandbox' }) paypal_sandbox: boolean;
  @ApiProperty({ description: 'Currency (default USD)' }) paypal_currency: string;
  @ApiProperty({ description: 'Merchant id of the receiving PayPal account (payee check)' })
  paypal_merchant_id: string;
  @ApiProperty({ description: 'Page the buyer lands on after PayPal' }) paypal_return_url: string;
  @ApiProperty({ type: () => [GatewayStatusDto] }) gateways: GatewayStatusDto[];
}
