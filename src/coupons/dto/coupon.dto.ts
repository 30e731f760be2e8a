import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/page-query.dto.js';
import { COUPON_TYPES } from '../entities/coupon.entity.js';
import type { CouponType } from '../entities/coupon.entity.js';
import { MAX_FEN, trimString } from '../../common/validation/dto-limits.js';
import { IdQueryDto } from '../../common/validation/id-query.dto.js';
import {
  IsDbId,
  IsDbInt,
  IsUnixTime,
  OptionalNotNull,
} from '../../common/validation/db-bounds.decorators.js';

export class CouponResponseDto {
  @ApiProperty({ example: 3 }) id: number;
  @ApiProperty({ example: 'Welcome, 10% off' }) name: string;
  @ApiProperty({ example: '' }) description: string;
  @ApiProperty({ example: 'percent', enum: COUPON_TYPES }) type: string;
  @ApiProperty({ example: 10, description: 'Fen off (amount) or percent off 1-100 (percent)' })
  value: number;
  @ApiProperty({ example: 0, description: 'Fen: smallest order amount' }) min_amount: number;
  @ApiProperty({ example: 0, description: 'Fen: cap of a percent coupon, 0 = none' })
  max_discount: number;
  @ApiProperty({ example: 0, description: 'Unix seconds, 0 = at once' }) starts_at: number;
  @ApiProperty({ example: 0, description: 'Unix seconds (exclusive), 0 = no end' })
  ends_at: number;
  @ApiProperty({ example: 0, description: 'Uses across all codes, 0 = unlimited' })
  usage_limit: number;
  @ApiProperty({ example: 0 }) used_count: number;
  @ApiProperty({ example: 1, description: 'Uses per customer, 0 = unlimited' })
  per_user_limit: number;
  @ApiProperty({ example: 0, description: '1 = usable by coupon_id without a code' })
  is_public: number;
  @ApiProperty({ example: 1, description: '1 = active, 0 = disabled' }) status: number;
  @ApiProperty({ example: 1669012062 }) created_time: number;
  @ApiProperty({ example: 1669012062 }) updated_time: number;
}

export class CouponCodeResponseDto {
  @ApiProperty({ example: 12 }) id: number;
  @ApiProperty({ example: 3 }) coupon_id: number;
  @ApiProperty({ example: 'WELCOME10' }) code: string;
  @ApiProperty({ example: 0, description: 'Only this customer may use it, 0 = anyone' })
  user_id: number;
  @ApiProperty({ example: 1, description: '0 = unlimited' }) usage_limit: number;
  @ApiProperty({ example: 0 }) used_count: number;
  @ApiProperty({ example: 1, description: '1 = usable, 0 = disabled' }) status: number;
  @ApiProperty({ example: 1669012062 }) created_time: number;
}

export class CouponListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: [0, 1] })
  @OptionalNotNull()
  @Type(() => Number)
  @IsIn([0, 1])
  status?: number;

  @ApiPropertyOptional({ description: 'Part of the name' })
  @OptionalNotNull()
  @Transform(trimString)
  @IsString()
  @MaxLength(100)
  keyword?: string;
}

export class CouponIdQueryDto extends IdQueryDto {}

export class CouponIdBodyDto {
  @ApiProperty({ example: 3 })
  @IsDbId()
  id: number;
}

/** POST /system/api/coupon/detail: no `id` creates (name, type, value required), `id` updates. */
export class SaveCouponRequestDto {
  @ApiPropertyOptional({ example: 0 })
  @OptionalNotNull()
  @IsDbId({ zero: true })
  id?: number;

  @ApiPropertyOptional({ example: 'Welcome, 10% off' })
  @OptionalNotNull()
  @Transform(trimString)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @Transform(trimString)
  @IsString()
  @MaxLength(500)
  description?: string;

  @ApiPropertyOptional({ enum: COUPON_TYPES })
  @OptionalNotNull()
  @IsIn(COUPON_TYPES)
  type?: CouponType;

  @ApiPropertyOptional({ example: 10, description: 'Fen off (amount) or percent 1-100 (percent)' })
  @OptionalNotNull()
  @IsDbInt({ min: 1, max: MAX_FEN })
  value?: number;

  @ApiPropertyOptional({ example: 0, description: 'Fen' })
  @OptionalNotNull()
  @IsDbInt({ max: MAX_FEN })
  min_amount?: number;

  @ApiPropertyOptional({ example: 0, description: 'Fen, 0 = no cap' })
  @OptionalNotNull()
  @IsDbInt({ max: MAX_FEN })
  max_discount?: number;

  @ApiPropertyOptional({ example: 0, description: 'Unix seconds, 0 = at once' })
  @OptionalNotNull()
  @IsUnixTime()
  starts_at?: number;

  @ApiPropertyOptional({ example: 0, description: 'Unix seconds (exclusive), 0 = no end' })
  @OptionalNotNull()
  @IsUnixTime()
  ends_at?: number;

  @ApiPropertyOptional({ example: 0, description: '0 = unlimited' })
  @OptionalNotNull()
  @IsDbInt()
  usage_limit?: number;

  @ApiPropertyOptional({ example: 1, description: '0 = unlimited' })
  @OptionalNotNull()
  @IsDbInt()
  per_user_limit?: number;

  @ApiPropertyOptional({ enum: [0, 1] })
  @OptionalNotNull()
  @IsIn([0, 1])
  is_public?: number;

  @ApiPropertyOptional({ enum: [0, 1] })
  @OptionalNotNull()
  @IsIn([0, 1])
  status?: number;
}

export class CouponCodesQueryDto extends PageQueryDto {
  @ApiProperty({ example: 1 })
  @IsDbId({ query: true })
  coupon_id: number;
}

/** Either one named code (`code`) or `count` random ones (with an optional prefix). */
export class GenerateCodesRequestDto {
  @ApiProperty({ example: 1 })
  @IsDbId()
  coupon_id: number;

  @ApiPropertyOptional({ example: 'WELCOME10', description: 'One code with this text' })
  @OptionalNotNull()
  @Transform(trimString)
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{3,64}$/, {
    message: 'code must be 3-64 letters, digits, "-" or "_"',
  })
  code?: string;

  @ApiPropertyOptional({ example: 10, default: 1, description: 'Random codes to make (1-500)' })
  @OptionalNotNull()
  @IsDbInt({ min: 1, max: 500 })
  count?: number;

  @ApiPropertyOptional({ example: 'VIP-', description: 'Prefix of random codes' })
  @OptionalNotNull()
  @Transform(trimString)
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{0,16}$/, {
    message: 'prefix must be at most 16 letters, digits, "-" or "_"',
  })
  prefix?: string;

  @ApiPropertyOptional({ example: 0, description: 'Only this customer may use them, 0 = anyone' })
  @OptionalNotNull()
  @IsDbId({ zero: true })
  user_id?: number;

  @ApiPropertyOptional({ example: 1, default: 1, description: 'Uses per code, 0 = unlimited' })
  @OptionalNotNull()
  @IsDbInt()
  usage_limit?: number;
}

export class CouponCodeStatusRequestDto {
  @ApiProperty({ example: 1 })
  @IsDbId()
  id: number;

  @ApiProperty({ enum: [0, 1], description: '1 = usable, 0 = disabled' })
  @IsIn([0, 1])
  status: number;
}
