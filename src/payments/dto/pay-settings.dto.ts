import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { OptionalNotNull } from '../../common/validation/db-bounds.decorators.js';
import { NO_NUL } from '../../common/validation/dto-limits.js';
import { GATEWAY_SETTINGS, SETTING_KEY_MAX } from '../payment-settings.fields.js';
import type { SettingField } from '../payment-settings.fields.js';

/** Every gateway's fields, in gateway order (each declared once in its `*.settings.ts`). */
const FIELDS: readonly SettingField[] = Object.values(GATEWAY_SETTINGS).flatMap(
  (spec) => spec.fields,
);
const writeOnly = (field: SettingField) => field.kind === 'secret' || field.kind === 'key';

/** Swagger and validation of one field of the save body, from its declaration. */
function requestField(field: SettingField): PropertyDecorator[] {
  const doc = ApiPropertyOptional({
    type: field.kind === 'bool' ? Boolean : String,
    description: field.description,
    ...(field.example ? { example: field.example } : {}),
    ...(field.kind === 'currency' ? { example: 'CNY' } : {}),
    ...(writeOnly(field) ? { nullable: true } : {}),
  });
  if (field.kind === 'bool') return [doc, OptionalNotNull(), IsBoolean()];
  if (field.kind === 'currency')
    return [
      doc,
      OptionalNotNull(),
      IsString(),
      Matches(/^[A-Za-z]{3}$/, { message: '$property must be a 3-letter ISO 4217 code' }),
    ];
  const text = [
    IsString(),
    MaxLength(field.maxLength ?? (writeOnly(field) ? SETTING_KEY_MAX : 64)),
    Matches(field.pattern?.regex ?? NO_NUL, {
      message: field.pattern?.message ?? '$property must not contain NUL bytes',
    }),
  ];
  // null removes a stored write-only value, so it is let through there (and only there).
  if (writeOnly(field))
    return [doc, ValidateIf((_o, value) => value !== null && value !== undefined), ...text];
  return [doc, OptionalNotNull(), ...text];
}

/**
 * POST /system/api/plugin/pay/config: AnqiCMS's flat pay settings (plus API v3 / RSA2 fields),
 * one property per declared field (GATEWAY_SETTINGS). Only the fields sent change. A write-only
 * field (private keys, secrets) keeps its value when omitted or sent as '' (what the staff panel
 * echoes back), and is removed with null.
 */
export class PaySettingsRequestDto {
  [field: string]: unknown;
}
for (const field of FIELDS)
  for (const decorate of requestField(field)) decorate(PaySettingsRequestDto.prototype, field.name);

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
  [field: string]: unknown;
  @ApiProperty({ type: () => [GatewayStatusDto] }) gateways: GatewayStatusDto[];
}
for (const field of FIELDS) {
  ApiProperty({ type: field.kind === 'bool' ? Boolean : String, description: field.description })(
    PaySettingsResponseDto.prototype,
    field.name,
  );
  if (writeOnly(field))
    ApiProperty({ type: Boolean, description: `Whether ${field.name} is set` })(
      PaySettingsResponseDto.prototype,
      `has_${field.name}`,
    );
}
