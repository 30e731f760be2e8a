import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CategoryResponseDto } from './category.response.dto.js';

/** AnqiCMS `data` of a product detail: the rich text. */
export class GoodsDataResponseDto {
  @ApiProperty({ example: 188 }) id: number;
  @ApiProperty({ example: '<p>Printed to order.</p>', description: 'Sanitised HTML' })
  content: string;
}

/**
 * The AnqiCMS `goods` object (an "archive" on sale): `details[].goods` in GET /api/orders and the
 * catalogue endpoints. Contract: test/fixtures/anqicms/orders-list.txt. Fields may be added, never renamed.
 */
export class GoodsResponseDto {
  @ApiProperty({ example: 188 }) id: number;
  @ApiProperty({ example: 1669122751 }) created_time: number;
  @ApiProperty({ example: 1669122751 }) updated_time: number;
  @ApiProperty({ example: '英文外贸响应式通用主题wzl-008' }) title: string;
  @ApiProperty({ example: '' }) seo_title: string;
  @ApiProperty({ example: 'ywwmxystyztw0-7' }) url_token: string;
  @ApiProperty({ example: '' }) keywords: string;
  @ApiProperty({ example: '' }) description: string;
  @ApiProperty({ example: 3 }) module_id: number;
  @ApiProperty({ example: 36 }) category_id: number;
  @ApiProperty({ example: 158 }) views: number;
  @ApiProperty({ example: 0 }) comment_count: number;
  @ApiProperty({
    type: [String],
    example: ['https://en.anqicms.com/uploads/202211/22/6315f8a943b979a4.webp'],
  })
  images: string[];
  @ApiProperty({
    example: 'https://en.anqicms.com/uploads/202211/22/6315f8a943b979a4.webp',
    description: 'The logo staff set, else the first image (as AnqiCMS fills it)',
  })
  logo: string;
  @ApiProperty({ example: '' }) thumb: string;
  @ApiProperty({ example: '' }) canonical_url: string;
  @ApiProperty({ example: '' }) fixed_link: string;
  @ApiProperty({ example: 1, description: '1 = on sale (shown), 0 = hidden' }) status: number;
  @ApiProperty({ example: 15, description: 'The seller' }) user_id: number;
  @ApiProperty({ example: 9900, description: 'Fen' }) price: number;
  @ApiProperty({ example: 9999999 }) stock: number;
  @ApiProperty({
    example: 0,
    description:
      'Unix seconds the product was deleted, 0 = not deleted. Deleted products only appear nested in order history.',
  })
  deleted_time: number;
  @ApiProperty({ type: [String], example: ['cotton'], description: 'Labels staff set' })
  tags: string[];

  // AnqiCMS archive fields this service has no feature behind: sent with AnqiCMS's empty values
  // so clients reading the full spec object find every field (the archive password never leaves).
  @ApiProperty({ example: '' }) template: string;
  @ApiProperty({ example: '' }) flag: string;
  @ApiProperty({ example: 0 }) read_level: number;
  @ApiProperty({ example: 0 }) sort: number;
  @ApiProperty({ example: 0 }) has_pseudo: number;
  @ApiProperty({ example: 0 }) keyword_id: number;
  @ApiProperty({ example: '' }) origin_url: string;
  @ApiProperty({ example: '' }) origin_title: string;
  @ApiProperty({ example: 0 }) origin_id: number;
  @ApiPropertyOptional({
    type: CategoryResponseDto,
    nullable: true,
    description: 'The product’s category on the detail endpoints; null in lists and order history',
  })
  category: CategoryResponseDto | null;
  @ApiProperty({ example: 'Products', description: "The module's name: 'Products' for module 2" })
  module_name: string;
  @ApiPropertyOptional({
    type: GoodsDataResponseDto,
    nullable: true,
    description:
      'The rich text on the detail endpoints; null in lists (as AnqiCMS without showContent)',
  })
  data: GoodsDataResponseDto | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: {},
    description: 'AnqiCMS custom fields: none are defined here, so always {}',
  })
  extra: Record<string, unknown>;
  @ApiProperty({ example: '' }) link: string;
  @ApiProperty({ example: false }) has_ordered: boolean;
  @ApiProperty({ example: 0 }) favorable_price: number;
  @ApiProperty({ example: false }) has_password: boolean;
  @ApiProperty({ example: null, nullable: true, type: [String] }) category_titles: null;
  @ApiProperty({ example: null, nullable: true, type: [Number] }) category_ids: null;
}

/** AnqiCMS fields without a feature here, with the values AnqiCMS sends when they are unused. */
export const GOODS_COMPAT_FIELDS = {
  template: '',
  flag: '',
  read_level: 0,
  sort: 0,
  has_pseudo: 0,
  keyword_id: 0,
  origin_url: '',
  origin_title: '',
  origin_id: 0,
  category: null,
  module_name: '',
  data: null,
  link: '',
  has_ordered: false,
  favorable_price: 0,
  has_password: false,
  category_titles: null,
  category_ids: null,
} as const;

/** A product option (`goods_sku_id`) with its own price and stock. */
export class GoodsSkuResponseDto {
  @ApiProperty({ example: 7 }) id: number;
  @ApiProperty({ example: 188 }) archive_id: number;
  @ApiProperty({ example: 'Size L' }) title: string;
  @ApiProperty({ example: 10900, description: 'Fen' }) price: number;
  @ApiProperty({ example: 25 }) stock: number;
  @ApiProperty({
    example: 1,
    description: '1 = can be bought, 0 = disabled (kept for order history)',
  })
  status: number;
  @ApiProperty({ example: 1669122751 }) created_time: number;
  @ApiProperty({ example: 1669122751 }) updated_time: number;
}

/** Catalogue endpoints: the product with its options. Customers see enabled options only. */
export class GoodsWithSkusResponseDto extends GoodsResponseDto {
  @ApiProperty({ type: [GoodsSkuResponseDto] }) skus: GoodsSkuResponseDto[];
}
