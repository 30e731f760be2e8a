import { IsStoredUrl } from '../../common/validation/stored-url.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, Length, Matches, MaxLength } from 'class-validator';
import { trimString } from '../../common/validation/dto-limits.js';
import { IsDbId, OptionalNotNull } from '../../common/validation/db-bounds.decorators.js';

export class RegisterRequestDto {
  @ApiProperty({
    example: 'alice',
    description: '2-32 characters, no "@" (emails log in separately)',
  })
  @Transform(trimString)
  @IsString()
  @Length(2, 32)
  @Matches(/^[^@\s]+$/, { message: 'user_name must not contain "@" or spaces' })
  user_name: string;

  @ApiProperty({ example: 'secret123', minLength: 6, maxLength: 64 })
  @IsString()
  @Length(6, 64)
  password: string;

  @ApiPropertyOptional({ example: 'alice@example.com' })
  @OptionalNotNull()
  @Transform(trimString)
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ example: '13888888888' })
  @OptionalNotNull()
  @Transform(trimString)
  @Matches(/^\+?[0-9][0-9 -]{4,19}$/, { message: 'phone must be a phone number' })
  phone?: string;

  @ApiPropertyOptional({ example: '' })
  @OptionalNotNull()
  @Transform(trimString)
  @IsString()
  @MaxLength(64)
  real_name?: string;

  @ApiPropertyOptional({ example: 0, description: 'Inviting user id (AnqiCMS); becomes parent_id' })
  @OptionalNotNull()
  @IsDbId({ zero: true })
  invite_id?: number;

  @ApiPropertyOptional({
    example: '',
    description: "Inviting user's invite code; becomes parent_id",
  })
  @OptionalNotNull()
  @Transform(trimString)
  @IsString()
  @MaxLength(16)
  invite_code?: string;
}

export class LoginRequestDto {
  @ApiProperty({ example: 'alice', description: 'User name, email or phone' })
  @Transform(trimString)
  @IsString()
  @Length(1, 254)
  user_name: string;

  @ApiProperty({ example: 'secret123' })
  @IsString()
  @Length(1, 64)
  password: string;
}

/** Third-party logins AnqiCMS routes by `platform` (they send a code, not a password). */
export const THIRD_PARTY_LOGIN_PLATFORMS = [
  'weapp',
  'wechat',
  'google',
  'tt',
  'swan',
  'alipay',
  'qq',
];

/**
 * Customer login, as AnqiCMS's `POST /api/login`: the account by `user_name`, `email` or `phone`
 * (AnqiCMS reads email first, then phone, then user_name), plus `password`. Empty fields count as
 * absent; several different identifiers are refused as ambiguous (AnqiCMS silently took email).
 */
export class CustomerLoginRequestDto {
  @ApiPropertyOptional({
    example: 'alice',
    description: 'User name (an email or phone number here is matched too)',
  })
  @OptionalNotNull()
  @Transform(trimString)
  @IsString()
  @MaxLength(254)
  user_name?: string;

  @ApiPropertyOptional({ example: 'alice@example.com', description: 'Or the account email' })
  @OptionalNotNull()
  @Transform(trimString)
  @IsString()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ example: '13888888888', description: 'Or the account phone' })
  @OptionalNotNull()
  @Transform(trimString)
  @IsString()
  @MaxLength(32)
  phone?: string;

  @ApiProperty({
    example: 'secret123',
    description: 'Required (third-party platforms are refused)',
  })
  @OptionalNotNull()
  @IsString()
  @Length(1, 64)
  password?: string;

  @ApiPropertyOptional({
    example: '',
    description: `Empty for password login; ${THIRD_PARTY_LOGIN_PLATFORMS.join(', ')} are refused (not available here)`,
  })
  @OptionalNotNull()
  @Transform(trimString)
  @IsString()
  @MaxLength(32)
  platform?: string;
}

export class ChangePasswordRequestDto {
  @ApiProperty({ example: 'secret123' })
  @IsString()
  @Length(1, 64)
  old_password: string;

  @ApiProperty({ example: 'n3w-secret', minLength: 6, maxLength: 64 })
  @IsString()
  @Length(6, 64)
  password: string;
}

export class UpdateProfileRequestDto {
  @ApiPropertyOptional({ example: 'Demo Customer' })
  @OptionalNotNull()
  @Transform(trimString)
  @IsString()
  @MaxLength(64)
  real_name?: string;

  @ApiPropertyOptional({
    example: 'https://picsum.photos/seed/demo-avatar/200/200',
    description: 'An http(s) URL or an /uploads/… path (POST /api/attachment/upload)',
  })
  @OptionalNotNull()
  @Transform(trimString)
  @IsString()
  @MaxLength(512)
  @IsStoredUrl('image', { empty: true })
  avatar_url?: string;

  @ApiPropertyOptional({ example: 'demo@example.com' })
  @OptionalNotNull()
  @Transform(trimString)
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ example: '13800138000' })
  @OptionalNotNull()
  @Transform(trimString)
  @Matches(/^\+?[0-9][0-9 -]{4,19}$/, { message: 'phone must be a phone number' })
  phone?: string;
}
