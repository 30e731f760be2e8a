import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '../../common/pagination/page-query.dto.js';
import { trimString } from '../../common/validation/dto-limits.js';
import { IdQueryDto } from '../../common/validation/id-query.dto.js';
import { IsDbId, IsDbInt, OptionalNotNull } from '../../common/validation/db-bounds.decorators.js';

/** Fen: far above any real price, far below 2^53. */
const MAX_PRICE = 100_000_000_000;
const MAX_STOCK = 1_000_000_000;

export const MAX_IMAGES = 20;
export const MAX_SKUS = 100;

/** GET /api/archive/list (customers: products on sale, newest first). */
export class ArchiveListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 36 })
  @OptionalNotNull()
  @IsDbId({ zero: true, query: true })
  category_id?: number;

  @ApiPropertyOptional({ example: 'tee', description: 'Part of the title (case-insensitive)' })
  @OptionalNotNull()
  @Transform(trimString)
  @IsString()
  @MaxLength(100)
  keyword?: string;
}

/** GET /system/api/archive/list (staff: every live product, hidden ones too). */
export class StaffArchiveListQueryDto extends ArchiveListQueryDto {
  @ApiPropertyOptional({ enum: [0, 1], description: '1 = on sale, 0 = hidden; omit for both' })
  @OptionalNotNull()
  @Type(() => Number)
  @IsIn([0, 1])
  status?: number;
}

export class ArchiveIdQueryDto extends IdQueryDto {}

export class ArchiveIdBodyDto {
  @ApiProperty({ example: 188 })
  @IsDbId()
  id: number;
}

/** One option of a product. With `id` it updates that SKU (of this product), without it adds one. */
export class SkuRequestDto {
  @ApiPropertyOptional({ example: 7, description: 'Existing SKU of this product; omit to add' })
  @OptionalNotNull()
  @IsDbId()
  id?: number;

  @ApiProperty({ example: 'Size L' })
  @Transform(trimString)
  @IsString()
  @MinLength(1)
  @MaxLength(250)
  title: string;

  @ApiProperty({ example: 10900, description: 'Fen' })
  @IsDbInt({ max: MAX_PRICE })
  price: number;

  @ApiProperty({ example: 25 })
  @IsDbInt({ max: MAX_STOCK })
  stock: number;

  @ApiPropertyOptional({ enum: [0, 1], default: 1 })
  @OptionalNotNull()
  @IsIn([0, 1])
  status?: number;
}

/**
 * POST /system/api/archive/detail: no `id` creates (title required), with `id` updates only
 * the fields sent. `skus`, when sent, is the complete set of options (see docs/catalogue.md).
 */
export class SaveArchiveRequestDto {
  @ApiPropertyOptional({ example: 0, description: 'Omit (or 0) to create' })
  @OptionalNotNull()
  @IsDbId({ zero: true })
  id?: number;

  @ApiPropertyOptional({ example: 'Custom T-shirt', description: 'Required when creating' })
  @OptionalNotNull()
  @Transform(trimString)
  @IsString()
  @MinLength(1)
  @MaxLength(250)
  title?: string;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @Transform(trimString)
  @IsString()
  @MaxLength(250)
  seo_title?: string;

  @ApiPropertyOptional({ example: '' })
  @OptionalNotNull()
  @Transform(trimString)
  @IsString()
  @MaxLength(1000)
  description?: string;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @Transform(trimString)
  @IsString()
  @MaxLength(250)
  keywords?: string;

  @ApiPropertyOptional({
    example: 'custom-t-shirt',
    description: 'Unique among live products; letters, digits, "-" and "_"; empty = generated',
  })
  @OptionalNotNull()
  @Transform(trimString)
  @IsString()
  @MaxLength(150)
  @Matches(/^[A-Za-z0-9_-]*$/, { message: 'url_token may only contain letters, digits, - and _' })
  url_token?: string;

  @ApiPropertyOptional({ type: [String], maxItems: MAX_IMAGES })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(MAX_IMAGES)
  @IsString({ each: true })
  @MaxLength(512, { each: true })
  @Matches(/^\S+$/, { each: true, message: 'each of images must be a URL without spaces' })
  images?: string[];

  @ApiPropertyOptional()
  @OptionalNotNull()
  @Transform(trimString)
  @IsString()
  @MaxLength(512)
  @Matches(/^\S*$/, { message: 'thumb must be a URL without spaces' })
  thumb?: string;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @Transform(trimString)
  @IsString()
  @MaxLength(512)
  @Matches(/^\S*$/, { message: 'logo must be a URL without spaces' })
  logo?: string;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @Transform(trimString)
  @IsString()
  @MaxLength(512)
  canonical_url?: string;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @Transform(trimString)
  @IsString()
  @MaxLength(190)
  fixed_link?: string;

  @ApiPropertyOptional({ example: 9900, description: 'Fen' })
  @OptionalNotNull()
  @IsDbInt({ max: MAX_PRICE })
  price?: number;

  @ApiPropertyOptional({
    example: 100,
    description: 'Sets the stock of the product itself (absolute value)',
  })
  @OptionalNotNull()
  @IsDbInt({ max: MAX_STOCK })
  stock?: number;

  @ApiPropertyOptional({ enum: [0, 1], description: '1 = on sale, 0 = hidden' })
  @OptionalNotNull()
  @IsIn([0, 1])
  status?: number;

  @ApiPropertyOptional({ example: 15, description: 'The seller: an existing user id, or 0' })
  @OptionalNotNull()
  @IsDbId({ zero: true })
  user_id?: number;

  @ApiPropertyOptional({ example: 36 })
  @OptionalNotNull()
  @IsDbId({ zero: true })
  category_id?: number;

  @ApiPropertyOptional({ example: 3 })
  @OptionalNotNull()
  @IsDbId({ zero: true })
  module_id?: number;

  @ApiPropertyOptional({
    type: [SkuRequestDto],
    description:
      'The complete set of options: listed ids keep their id, new ones are added, omitted ones are disabled (never deleted). Omit the field to leave options untouched.',
  })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(MAX_SKUS)
  @ValidateNested({ each: true })
  @Type(() => SkuRequestDto)
  skus?: SkuRequestDto[];
}
