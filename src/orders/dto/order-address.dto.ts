import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { MAX_ROW_ID } from './order-action.request.dto.js';
import { trimString } from '../../common/validation/dto-limits.js';
import { OrderAddressSnapshotDto } from './order.response.dto.js';

/** POST /api/order/address: without `id` creates, with `id` (one of the caller's) updates. */
export class SaveAddressRequestDto {
  @ApiPropertyOptional({ example: 0 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_ROW_ID)
  id?: number;

  @ApiProperty({ example: '张三' })
  @Transform(trimString)
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  name: string;

  @ApiProperty({ example: '13888888888' })
  @Transform(trimString)
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  phone: string;

  @ApiPropertyOptional({ example: '广东省' })
  @IsOptional()
  @Transform(trimString)
  @IsString()
  @MaxLength(64)
  province?: string;

  @ApiPropertyOptional({ example: '深圳市' })
  @IsOptional()
  @Transform(trimString)
  @IsString()
  @MaxLength(64)
  city?: string;

  @ApiPropertyOptional({ example: '南山区', description: 'District' })
  @IsOptional()
  @Transform(trimString)
  @IsString()
  @MaxLength(64)
  country?: string;

  @ApiProperty({ example: '科技园1号' })
  @Transform(trimString)
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  address_info: string;

  @ApiPropertyOptional({ example: '518000' })
  @IsOptional()
  @Transform(trimString)
  @IsString()
  @MaxLength(16)
  postcode?: string;
}

export class AddressIdQueryDto {
  @ApiPropertyOptional({ example: 3, description: 'Omit for the most recent address' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_ROW_ID)
  id?: number;
}

export class AddressIdRequestDto {
  @ApiProperty({ example: 3 })
  @IsInt()
  @Min(1)
  @Max(MAX_ROW_ID)
  id: number;
}

export class OrderAddressResponseDto extends OrderAddressSnapshotDto {
  @ApiProperty({ example: 3 }) id: number;
  @ApiProperty({ example: 1000 }) user_id: number;
  @ApiProperty({ example: 1 }) status: number;
  @ApiProperty({ example: 1669212548 }) created_time: number;
  @ApiProperty({ example: 1669212548 }) updated_time: number;
}
