import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { trimString } from '../../common/validation/dto-limits.js';
import { OrderAddressSnapshotDto } from './order.response.dto.js';
import { IsDbId, OptionalNotNull } from '../../common/validation/db-bounds.decorators.js';

/** POST /api/order/address: without `id` creates, with `id` (one of the caller's) updates. */
export class SaveAddressRequestDto {
  @ApiPropertyOptional({ example: 0 })
  @OptionalNotNull()
  @IsDbId()
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
  @OptionalNotNull()
  @Transform(trimString)
  @IsString()
  @MaxLength(64)
  province?: string;

  @ApiPropertyOptional({ example: '深圳市' })
  @OptionalNotNull()
  @Transform(trimString)
  @IsString()
  @MaxLength(64)
  city?: string;

  @ApiPropertyOptional({ example: '南山区', description: 'District' })
  @OptionalNotNull()
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
  @OptionalNotNull()
  @Transform(trimString)
  @IsString()
  @MaxLength(16)
  postcode?: string;
}

export class AddressIdQueryDto {
  @ApiPropertyOptional({ example: 3, description: 'Omit for the most recent address' })
  @OptionalNotNull()
  @IsDbId({ query: true })
  id?: number;
}

export class AddressIdRequestDto {
  @ApiProperty({ example: 3 })
  @IsDbId()
  id: number;
}

export class OrderAddressResponseDto extends OrderAddressSnapshotDto {
  @ApiProperty({ example: 3 }) id: number;
  @ApiProperty({ example: 1000 }) user_id: number;
  @ApiProperty({ example: 1 }) status: number;
  @ApiProperty({ example: 1669212548 }) created_time: number;
  @ApiProperty({ example: 1669212548 }) updated_time: number;
}
