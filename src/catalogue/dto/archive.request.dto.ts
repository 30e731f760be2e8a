import { IsStoredUrl } from '../../common/validation/stored-url.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
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
import { ORDER_FIELDS, ORDER_PATTERN } from '../list-window.js';
import { LIMIT_PATTERN, MAX_CONTENT_LENGTH, queryBoolean } from './category.request.dto.js';
import { IsDbId, IsDbInt, OptionalNotNull } from '../../common/validation/db-bounds.decorators.js';
import { OptionalText } from './optional-text.decorator.js';

/** Fen: far above any real price, far below 2^53. */
const MAX_PRICE = 100_000_000_000;
const MAX_STOCK = 1_000_000_000;

export const MAX_IMAGES = 20;
export const MAX_SKUS = 100;
export const MAX_TAGS = 20;

const ID_LIST = /^\d{1,10}(,\d{1,10}){0,19}$/;

/** `"3,5"` → [3, 5] once ID_LIST has matched (ids above INT are refused by the DTO). */
const toIdList = ({ value }: { value: unknown }): unknown =>
  typeof value === 'number' ? String(value) : value;

/** Tags as sent: strings, AnqiCMS tag objects (by title), or the panel's untouched nulls. */
function panelTags(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  if (value.length && value.every((tag) => tag === null)) return undefined;
  return value.map((tag: unknown) => {
    const title = tag && typeof tag === 'object' && 'title' in tag ? tag.title : tag;
    return typeof title === 'string' ? title.trim() : title;
  });
}

export const ARCHIVE_LIST_TYPES = ['list', 'page', 'related'] as const;

/**
 * GET /api/archive/list: this service's parameters (`current`, `page_size`/`pageSize`,
 * `category_id`, `keyword`) and AnqiCMS's (`page`, `limit`, `categoryId`, `moduleId`, `type`,
 * `id`, `order`, `q`, `child`). See docs/catalogue.md for how they combine.
 */
export class ArchiveListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    example: '36',
    description: 'Category id(s), comma-separated; includes sub-categories unless child=false',
  })
  @OptionalNotNull()
  @Transform(toIdList)
  @IsString()
  @Matches(ID_LIST, { message: 'category_id must be an id or comma-separated ids' })
  category_id?: string;

  @ApiPropertyOptional({ example: '36', description: 'Same as category_id (AnqiCMS name)' })
  @OptionalNotNull()
  @Transform(toIdList)
  @IsString()
  @Matches(ID_LIST, { message: 'categoryId must be an id or comma-separated ids' })
  categoryId?: string;

  @ApiPropertyOptional({
    description: 'false = only the named categories, not their sub-categories',
  })
  @OptionalNotNull()
  @Transform(queryBoolean)
  @IsBoolean({ message: 'child must be true or false' })
  child?: boolean;

  @ApiPropertyOptional({ example: 2, description: 'AnqiCMS module (2 = products)' })
  @OptionalNotNull()
  @IsDbId({ zero: true, query: true })
  module_id?: number;

  @ApiPropertyOptional({ example: 2, description: 'Same as module_id (AnqiCMS name)' })
  @OptionalNotNull()
  @IsDbInt({ query: true })
  moduleId?: number;

  @OptionalText(
    { max: 100, noNul: true },
    { example: 'tee', description: 'Part of the title (case-insensitive)' },
  )
  keyword?: string;

  @OptionalText(
    { max: 100, noNul: true },
    { example: 'tee', description: 'Same as keyword (AnqiCMS name)' },
  )
  q?: string;

  @ApiPropertyOptional({ example: 1, description: 'Page number from 1 (AnqiCMS name of current)' })
  @OptionalNotNull()
  @IsDbInt({ min: 1, query: true })
  page?: number;

  @ApiPropertyOptional({
    example: '10',
    description: 'Page size `n`, or `offset,n` (n at most 100)',
  })
  @OptionalNotNull()
  @Transform(toIdList)
  @IsString()
  @Matches(LIMIT_PATTERN, { message: 'limit must be a number or "offset,number"' })
  limit?: string;

  @ApiPropertyOptional({
    enum: ARCHIVE_LIST_TYPES,
    description:
      'list: no count (total 0, as AnqiCMS); page: with total; related: same category as product `id`, never that product. Omitted: as page.',
  })
  @OptionalNotNull()
  @IsIn(ARCHIVE_LIST_TYPES)
  type?: (typeof ARCHIVE_LIST_TYPES)[number];

  @ApiPropertyOptional({ example: 188, description: 'type=related: the product to relate to' })
  @OptionalNotNull()
  @IsDbId({ zero: true, query: true })
  id?: number;

  @ApiPropertyOptional({
    example: 'price asc',
    description: `Up to 4 of ${Object.keys(ORDER_FIELDS).join(', ')}, each optionally asc/desc; default id desc (newest first)`,
  })
  @OptionalNotNull()
  @IsString()
  @MaxLength(100)
  @Matches(ORDER_PATTERN, {
    message: `order may name ${Object.keys(ORDER_FIELDS).join(', ')}, each optionally followed by asc or desc`,
  })
  order?: string;
}

/** The staff list's `status`: AnqiCMS's names, and this service's numbers. */
export const STAFF_ARCHIVE_STATUSES = ['', 'ok', 'draft', 'plan', '0', '1'] as const;
export type StaffArchiveStatus = (typeof STAFF_ARCHIVE_STATUSES)[number];

/**
 * GET /system/api/archive/list (staff: every live product, hidden ones too; or the recycle bin).
 * The panel's products page (`src/pages/content/archive/index.tsx`) sends `category_id=0`,
 * `module_id=0` (no filter), `status`, `flag`, `exact`, `title`; the recycle bin `recycle=true`.
 */
export class StaffArchiveListQueryDto extends ArchiveListQueryDto {
  @ApiPropertyOptional({
    enum: STAFF_ARCHIVE_STATUSES,
    description:
      "AnqiCMS: '' = all, ok = on sale, draft = hidden, plan = scheduled (none here: empty). Also 1 = on sale, 0 = hidden. Omitted: all.",
  })
  @OptionalNotNull()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'number' ? String(value) : value))
  @IsIn(STAFF_ARCHIVE_STATUSES, {
    message: `status must be one of ${STAFF_ARCHIVE_STATUSES.map((v) => `'${v}'`).join(', ')}`,
  })
  status?: StaffArchiveStatus;

  @ApiPropertyOptional({ description: 'true = the recycle bin: deleted products only' })
  @OptionalNotNull()
  @Transform(queryBoolean)
  @IsBoolean({ message: 'recycle must be true or false' })
  recycle?: boolean;

  @OptionalText(
    { max: 250, noNul: true },
    {
      example: 'tee',
      description: 'Title: contains (case-insensitive), or equals with exact=true',
    },
  )
  title?: string;

  @ApiPropertyOptional({ description: 'true = title must match exactly (case-insensitive)' })
  @OptionalNotNull()
  @Transform(queryBoolean)
  @IsBoolean({ message: 'exact must be true or false' })
  exact?: boolean;

  @ApiPropertyOptional({
    example: '',
    description:
      "AnqiCMS's recommendation flags (h, c, f, ...). Products here have none: a flag gives an empty list; '' = no filter.",
  })
  @OptionalNotNull()
  @IsString()
  @MaxLength(20)
  @Matches(/^[a-z,]*$/, { message: 'flag must be letters separated by commas' })
  flag?: string;
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

  @OptionalText(
    { max: 250, min: 1 },
    { example: 'Custom T-shirt', description: 'Required when creating' },
  )
  title?: string;

  @OptionalText({ max: 250 })
  seo_title?: string;

  @OptionalText({ max: 1000 }, { example: '' })
  description?: string;

  @OptionalText({ max: 250 })
  keywords?: string;

  @OptionalText(
    {
      max: 150,
      matches: [/^[A-Za-z0-9_-]*$/, 'url_token may only contain letters, digits, - and _'],
    },
    {
      example: 'custom-t-shirt',
      description: 'Unique among live products; letters, digits, "-" and "_"; empty = generated',
    },
  )
  url_token?: string;

  @ApiPropertyOptional({
    type: [String],
    maxItems: MAX_IMAGES,
    example: ['https://picsum.photos/seed/demo-product/800/800'],
    description: 'http(s) URLs or /uploads/… paths (POST /api/attachment/upload)',
  })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(MAX_IMAGES)
  @IsString({ each: true })
  @MaxLength(512, { each: true })
  @IsStoredUrl('image', { each: true })
  images?: string[];

  @OptionalText({ max: 512 }, { example: '', description: 'An image URL; empty: the first image' })
  @IsStoredUrl('image', { empty: true })
  thumb?: string;

  @OptionalText({ max: 512 }, { example: '', description: 'An image URL' })
  @IsStoredUrl('image', { empty: true })
  logo?: string;

  @OptionalText({ max: 512 }, { example: '', description: 'An http(s) URL or a path on this site' })
  @IsStoredUrl('link', { empty: true })
  canonical_url?: string;

  @OptionalText({ max: 190 }, { example: '', description: 'An http(s) URL or a path on this site' })
  @IsStoredUrl('link', { empty: true })
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

  @ApiPropertyOptional({ example: 0, description: 'The seller: an existing user id, or 0 (none)' })
  @OptionalNotNull()
  @IsDbId({ zero: true })
  user_id?: number;

  @ApiPropertyOptional({ example: 1, description: "The category (the demo's are ids 1-3)" })
  @OptionalNotNull()
  @IsDbId({ zero: true })
  category_id?: number;

  @ApiPropertyOptional({ example: 3 })
  @OptionalNotNull()
  @IsDbId({ zero: true })
  module_id?: number;

  @OptionalText(
    {
      max: MAX_CONTENT_LENGTH,
      trim: false,
      matches: [/^[^\0]*$/, 'content must not contain NUL characters'],
    },
    { description: 'Rich text (HTML) of the product page; sanitised on save' },
  )
  content?: string;

  @ApiPropertyOptional({
    type: [String],
    example: ['cotton', 'gift'],
    maxItems: MAX_TAGS,
    description:
      "Labels. AnqiCMS's tag objects (`{title}`) are taken by their title. A list of nothing but nulls keeps the stored tags: the AnqiCMS panel's product form reads tags as objects and sends the string tags it loaded back as nulls.",
  })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(MAX_TAGS)
  @Transform(({ value }: { value: unknown }) => panelTags(value))
  @IsString({ each: true })
  @MinLength(1, { each: true, message: 'each of tags must not be empty' })
  @MaxLength(50, { each: true })
  @Matches(/^[^\0]*$/, { each: true, message: 'tags must not contain NUL characters' })
  tags?: string[];

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
