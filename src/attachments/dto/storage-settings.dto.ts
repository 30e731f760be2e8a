import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { OptionalNotNull } from '../../common/validation/db-bounds.decorators.js';
import { NO_NUL } from '../../common/validation/dto-limits.js';
import { STORAGE_TYPES } from '../storage/storage-settings.js';

// eslint-disable-next-line no-control-regex
const ONE_LINE = /^[^\u0000\r\n]*$/;

/**
 * POST /system/api/plugin/storage: AnqiCMS's storage setting fields (`storage_type`,
 * `s3_*`). Only the fields sent change. The keys are write-only: omitted or '' keeps them, null
 * removes them.
 */
export class StorageSettingsRequestDto {
  @ApiPropertyOptional({ enum: STORAGE_TYPES, description: 'local (default) or s3' })
  @OptionalNotNull()
  @IsIn(STORAGE_TYPES, { message: `$property must be one of ${STORAGE_TYPES.join(', ')}` })
  storage_type?: string;

  @ApiPropertyOptional({
    description: 'S3 endpoint URL (MinIO, R2, OSS, COS); "" = AWS for the region',
  })
  @OptionalNotNull()
  @IsString()
  @MaxLength(500)
  @Matches(ONE_LINE, { message: '$property must be one line' })
  s3_endpoint?: string;

  @ApiPropertyOptional({ description: 'Region, e.g. us-east-1 (R2: auto)' })
  @OptionalNotNull()
  @IsString()
  @MaxLength(64)
  @Matches(ONE_LINE, { message: '$property must be one line' })
  s3_region?: string;

  @ApiPropertyOptional({ description: 'Bucket name' })
  @OptionalNotNull()
  @IsString()
  @MaxLength(63)
  @Matches(ONE_LINE, { message: '$property must be one line' })
  s3_bucket?: string;

  @ApiPropertyOptional({ description: 'Access key id, write-only', nullable: true })
  @ValidateIf((_o, value) => value !== null && value !== undefined)
  @IsString()
  @MaxLength(256)
  @Matches(NO_NUL, { message: '$property must not contain NUL bytes' })
  s3_access_key?: string | null;

  @ApiPropertyOptional({ description: 'Secret key, write-only', nullable: true })
  @ValidateIf((_o, value) => value !== null && value !== undefined)
  @IsString()
  @MaxLength(256)
  @Matches(NO_NUL, { message: '$property must not contain NUL bytes' })
  s3_secret_key?: string | null;

  @ApiPropertyOptional({ description: 'Path-style URLs (MinIO and most self-hosted servers)' })
  @OptionalNotNull()
  @IsBoolean()
  s3_force_path_style?: boolean;

  @ApiPropertyOptional({
    description:
      'Public base URL of the bucket (CDN or public bucket); "" = short-lived presigned links',
  })
  @OptionalNotNull()
  @IsString()
  @MaxLength(500)
  @Matches(ONE_LINE, { message: '$property must be one line' })
  s3_public_url?: string;
}

export class StorageSettingsResponseDto {
  @ApiProperty({ enum: STORAGE_TYPES }) storage_type: string;
  @ApiProperty() s3_endpoint: string;
  @ApiProperty() s3_region: string;
  @ApiProperty() s3_bucket: string;
  @ApiProperty({ description: 'Always "": write-only' }) s3_access_key: string;
  @ApiProperty({ description: 'Whether an access key is set' }) has_s3_access_key: boolean;
  @ApiProperty({ description: 'Always "": write-only' }) s3_secret_key: string;
  @ApiProperty({ description: 'Whether a secret key is set' }) has_s3_secret_key: boolean;
  @ApiProperty() s3_force_path_style: boolean;
  @ApiProperty() s3_public_url: string;
  @ApiProperty({
    type: [String],
    description:
      'Fields set by environment variables (STORAGE_TYPE, S3_*): they win, not editable here',
  })
  env_fields: string[];
}
