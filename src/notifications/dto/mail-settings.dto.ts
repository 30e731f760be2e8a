import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsString,
  Matches,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { IsDbInt, OptionalNotNull } from '../../common/validation/db-bounds.decorators.js';
import { NO_NUL } from '../../common/validation/dto-limits.js';
import { SEND_TYPE_CODES, SEND_TYPE_DESCRIPTIONS } from '../mail-kinds.js';

const SEND_TYPES_DOC = SEND_TYPE_CODES.map((c) => `${c} = ${SEND_TYPE_DESCRIPTIONS[c]}`).join('; ');
// One line and no NUL byte (headers and the SMTP login).
// eslint-disable-next-line no-control-regex
const ONE_LINE = /^[^\u0000\r\n]*$/;

/**
 * POST /system/api/plugin/sendmail/setting: AnqiCMS's sendmail fields plus the sender and the
 * customer switches. Only the fields sent change. `password` is write-only: omitted or '' (what
 * the staff panel echoes back) keeps it, null removes it.
 */
export class MailSettingsRequestDto {
  @ApiPropertyOptional({ description: 'SMTP server host, e.g. smtp.qq.com' })
  @OptionalNotNull()
  @IsString()
  @MaxLength(253)
  @Matches(/^$|^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$|^\[[0-9A-Fa-f:.]+\]$/, {
    message: '$property must be a host name or an IP address',
  })
  server?: string;

  @ApiPropertyOptional({ description: 'SMTP port (25; 465 with SSL; 587 with STARTTLS)' })
  @OptionalNotNull()
  @IsDbInt({ min: 1, max: 65535 })
  port?: number;

  @ApiPropertyOptional({
    description: '0 = no TLS, 1 = SSL (implicit TLS), 2 = STARTTLS',
    enum: [0, 1, 2],
  })
  @OptionalNotNull()
  @IsIn([0, 1, 2], { message: '$property must be 0 (none), 1 (SSL) or 2 (STARTTLS)' })
  use_ssl?: number;

  @ApiPropertyOptional({ description: 'SMTP account (login); also the sender address by default' })
  @OptionalNotNull()
  @IsString()
  @MaxLength(254)
  @Matches(ONE_LINE, { message: '$property must be one line' })
  account?: string;

  @ApiPropertyOptional({ description: 'SMTP password, write-only', nullable: true })
  // null removes the stored value, so it is let through here (and only here).
  @ValidateIf((_o, value) => value !== null && value !== undefined)
  @IsString()
  @MaxLength(512)
  @Matches(NO_NUL, { message: '$property must not contain NUL bytes' })
  password?: string | null;

  @ApiPropertyOptional({
    description: 'Staff addresses, comma-separated (AnqiCMS: empty = the SMTP account)',
  })
  @OptionalNotNull()
  @IsString()
  @MaxLength(2000)
  @Matches(ONE_LINE, { message: '$property must be one line' })
  recipient?: string;

  @ApiPropertyOptional({
    description: `Which events mail staff: ${SEND_TYPES_DOC}`,
    type: [Number],
  })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(16)
  @IsIn(SEND_TYPE_CODES, {
    each: true,
    message: `$property must hold codes of ${SEND_TYPE_CODES.join(', ')}`,
  })
  send_type?: number[];

  @ApiPropertyOptional({ description: 'Sender name shown to recipients (default: the shop name)' })
  @OptionalNotNull()
  @IsString()
  @MaxLength(64)
  @Matches(ONE_LINE, { message: '$property must be one line' })
  sender_name?: string;

  @ApiPropertyOptional({
    description: 'Sender address (default: the account when it is an address)',
  })
  @OptionalNotNull()
  @IsString()
  @MaxLength(254)
  @Matches(ONE_LINE, { message: '$property must be one line' })
  sender_address?: string;

  @ApiPropertyOptional({ description: 'Mail customers when staff reply (batched per thread)' })
  @OptionalNotNull()
  @IsBoolean()
  customer_reply?: boolean;

  @ApiPropertyOptional({ description: 'Mail customers when a quote arrives' })
  @OptionalNotNull()
  @IsBoolean()
  customer_quote?: boolean;

  @ApiPropertyOptional({ description: 'Mail customers when their order ships' })
  @OptionalNotNull()
  @IsBoolean()
  customer_shipped?: boolean;

  @ApiPropertyOptional({ description: 'Mail customers when a refund is decided or paid back' })
  @OptionalNotNull()
  @IsBoolean()
  customer_refund?: boolean;
}

export class MailSettingsResponseDto {
  @ApiProperty() server: string;
  @ApiProperty() port: number;
  @ApiProperty({ enum: [0, 1, 2] }) use_ssl: number;
  @ApiProperty() account: string;
  @ApiProperty({ description: 'Always "": the password is write-only' }) password: string;
  @ApiProperty({ description: 'Whether a password is set' }) has_password: boolean;
  @ApiProperty({ description: 'Staff addresses, comma-separated' }) recipient: string;
  @ApiProperty({ type: [Number], description: SEND_TYPES_DOC }) send_type: number[];
  @ApiProperty() sender_name: string;
  @ApiProperty() sender_address: string;
  @ApiProperty() customer_reply: boolean;
  @ApiProperty() customer_quote: boolean;
  @ApiProperty() customer_shipped: boolean;
  @ApiProperty() customer_refund: boolean;
  @ApiProperty({ description: 'Server and sender are set: mails are queued and sent' })
  configured: boolean;
  @ApiProperty({
    type: [String],
    description: 'Fields set by SMTP_* environment variables (they win; not editable here)',
  })
  env_fields: string[];
}

/** POST /system/api/plugin/sendmail/test (AnqiCMS: recipient, subject, message). */
export class MailTestRequestDto {
  @ApiPropertyOptional({
    example: 'owner@example.com',
    description: 'Send to this address (default: the staff addresses)',
  })
  @OptionalNotNull()
  @IsString()
  @MaxLength(254)
  @Matches(ONE_LINE, { message: '$property must be one line' })
  recipient?: string;

  @ApiPropertyOptional({ example: 'Test mail', description: 'Subject (default: a test subject)' })
  @OptionalNotNull()
  @IsString()
  @MaxLength(200)
  @Matches(ONE_LINE, { message: '$property must be one line' })
  subject?: string;

  @ApiPropertyOptional({
    example: 'It works.',
    description: 'Text (default: a test text)',
  })
  @OptionalNotNull()
  @IsString()
  @MaxLength(10_000)
  @Matches(NO_NUL, { message: '$property must not contain NUL bytes' })
  message?: string;
}

export class MailTestResponseDto {
  @ApiProperty({ description: 'The SMTP server\'s reply, e.g. "250 2.0.0 OK queued"' })
  response: string;
  @ApiProperty({ type: [String] }) accepted: string[];
}

/** One row of GET /system/api/plugin/sendmail/list (AnqiCMS's MailLog plus the delivery state). */
export class MailLogResponseDto {
  @ApiProperty() id: number;
  @ApiProperty({ description: 'Unix seconds' }) created_time: number;
  @ApiProperty() subject: string;
  @ApiProperty({ enum: ['pending', 'sending', 'sent', 'failed'] }) status: string;
  @ApiProperty({ description: 'The recipient' }) address: string;
  @ApiProperty() kind: string;
  @ApiProperty() attempts: number;
  @ApiProperty({ description: "The last failure: the SMTP server's reply or the error" })
  last_error: string;
  @ApiProperty({ description: 'Unix seconds; 0 = not sent' }) sent_time: number;
}
