import { IsStoredUrl } from '../../common/validation/stored-url.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { CATEGORY_TYPES } from '../entities/category.entity.js';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsString,
  Matches,
  MaxLength,
} from 'class-validator';
import { trimString } from '../../common/validation/dto-limits.js';
import { IdQueryDto } from '../../common/validation/id-query.dto.js';
import { IsDbId, IsDbInt, OptionalNotNull } from '../../common/validation/db-bounds.decorators.js';
import { OptionalText } from './optional-text.decorator.js';

/** Rich text larger than this is refused (the JSON body limit is 1 MiB). */
export const MAX_CONTENT_LENGTH = 200_000;

/** `true`/`false`/`1`/`0` of a query string as AnqiCMS reads booleans. */
export const queryBoolean = ({ value }: { value: unknown }): unknown =>
  value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;

/** AnqiCMS's `limit`: `n`, or `offset,n`. */
export const LIMIT_PATTERN = /^\d{1,9}(,\d{1,9})?$/;

/** GET /api/category/list, as AnqiCMS reads it (camelCase parameters). */
export class CategoryListQueryDto {
  @ApiPropertyOptional({
    example: 2,
    description: 'Module of the top-level categories (2 = products); applies when parentId is 0',
  })
  @OptionalNotNull()
  @IsDbInt({ query: true })
  moduleId?: number;

  @ApiPropertyOptional({
    example: 0,
    description: 'Direct children of this category (0 = top level)',
  })
  @OptionalNotNull()
  @IsDbInt({ query: true })
  parentId?: number;

  @ApiPropertyOptional({ description: 'true = every level, in tree order' })
  @OptionalNotNull()
  @Transform(queryBoolean)
  @IsBoolean({ message: 'all must be true or false' })
  all?: boolean;

  @ApiPropertyOptional({ example: '10', description: '`n` or `offset,n` (n at most 100)' })
  @OptionalNotNull()
  @IsString()
  @Matches(LIMIT_PATTERN, { message: 'limit must be a number or "offset,number"' })
  limit?: string;
}

/** GET /api/category/detail: `id`, or the url_token as `filename`, `catname` or `url_token`. */
export class CategoryDetailQueryDto {
  @ApiPropertyOptional({ example: 3 })
  @OptionalNotNull()
  @IsDbId({ zero: true, query: true })
  id?: number;

  @OptionalText(
    { max: 190, trim: false, noNul: true },
    { example: 't-shirts', description: 'url_token (AnqiCMS name)' },
  )
  filename?: string;

  @OptionalText({ max: 190, trim: false, noNul: true }, { description: 'url_token (AnqiCMS name)' })
  catname?: string;

  @OptionalText({ max: 190, trim: false, noNul: true })
  url_token?: string;
}

/** GET /api/page/detail: a single page by `id`, or its url_token as `filename` (or `url_token`). */
export class PageDetailQueryDto {
  @ApiPropertyOptional({ description: 'The page id (or use filename)' })
  @OptionalNotNull()
  @IsDbId({ zero: true, query: true })
  id?: number;

  @OptionalText(
    { max: 190, trim: false, noNul: true },
    { example: 'about', description: 'url_token (AnqiCMS name)' },
  )
  filename?: string;

  @OptionalText({ max: 190, trim: false, noNul: true })
  url_token?: string;
}

/** GET /system/api/category/list (staff: every category, hidden too, in tree order). */
export class StaffCategoryListQueryDto {
  @ApiPropertyOptional({
    enum: CATEGORY_TYPES,
    description: '1 = product categories (default), 3 = single pages (AnqiCMS numbers)',
  })
  @OptionalNotNull()
  @Type(() => Number)
  @IsIn(CATEGORY_TYPES)
  type?: number;

  @ApiPropertyOptional({ example: 2 })
  @OptionalNotNull()
  @IsDbId({ zero: true, query: true })
  module_id?: number;

  @OptionalText({ max: 100, noNul: true }, { description: 'Part of the title (case-insensitive)' })
  title?: string;
}

export class CategoryIdQueryDto extends IdQueryDto {}

export class CategoryIdBodyDto {
  @ApiProperty({ example: 3 })
  @IsDbId()
  id: number;
}

/** POST /system/api/category/detail: no `id` creates (title required), `id` updates the fields sent. */
export class SaveCategoryRequestDto {
  @ApiPropertyOptional({ example: 0, description: 'Omit (or 0) to create' })
  @OptionalNotNull()
  @IsDbId({ zero: true })
  id?: number;

  @ApiPropertyOptional({
    enum: CATEGORY_TYPES,
    description:
      'When creating: 1 = product category (default), 3 = single page (no parent). Fixed afterwards: ignored on updates.',
  })
  @OptionalNotNull()
  @IsIn(CATEGORY_TYPES)
  type?: number;

  @OptionalText(
    { max: 250, min: 1, noNul: true },
    { example: 'T-shirts', description: 'Required when creating' },
  )
  title?: string;

  @OptionalText({ max: 250, noNul: true })
  seo_title?: string;

  @OptionalText({ max: 250, noNul: true })
  keywords?: string;

  @OptionalText(
    {
      max: 150,
      matches: [/^[A-Za-z0-9_-]*$/, 'url_token may only contain letters, digits, - and _'],
    },
    {
      example: 't-shirts',
      description: 'Unique; empty = generated from the title',
    },
  )
  url_token?: string;

  @OptionalText({ max: 1000, noNul: true })
  description?: string;

  @OptionalText(
    { max: MAX_CONTENT_LENGTH, trim: false, noNul: true },
    { description: 'Rich text (HTML); sanitised on save' },
  )
  content?: string;

  @ApiPropertyOptional({
    example: 2,
    description: 'Module (2 = products). A sub-category always takes its parent’s module.',
  })
  @OptionalNotNull()
  @IsDbId()
  module_id?: number;

  @ApiPropertyOptional({ example: 0, description: '0 = top level' })
  @OptionalNotNull()
  @IsDbId({ zero: true })
  parent_id?: number;

  @ApiPropertyOptional({ example: 99, description: 'Ascending' })
  @OptionalNotNull()
  @IsDbInt()
  sort?: number;

  @ApiPropertyOptional({ enum: [0, 1], description: '1 = shown, 0 = hidden' })
  @OptionalNotNull()
  @IsIn([0, 1])
  status?: number;

  @ApiPropertyOptional({
    type: [String],
    maxItems: 20,
    example: [],
    description: 'http(s) URLs or /uploads/… paths',
  })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(512, { each: true })
  @IsStoredUrl('image', { each: true })
  images?: string[];

  @ApiPropertyOptional({ example: '', description: 'An image URL (http(s) or /uploads/…)' })
  @OptionalNotNull()
  @Transform(trimString)
  @IsString()
  @MaxLength(512)
  @IsStoredUrl('image', { empty: true })
  logo?: string;
}

/** GET /system/api/module/list */
export class ModuleListQueryDto {
  @ApiPropertyOptional({ example: 0, description: 'Leave this module out (AnqiCMS)' })
  @OptionalNotNull()
  @IsDbId({ zero: true, query: true })
  exclude_id?: number;
}
