import { ApiProperty } from '@nestjs/swagger';

/**
 * AnqiCMS's `category` object (GET /api/category/list|detail, `category` of a product detail).
 * Fields may be added, never renamed. AnqiCMS template fields this service has no feature
 * behind are sent with AnqiCMS's empty values.
 */
export class CategoryResponseDto {
  @ApiProperty({ example: 3 }) id: number;
  @ApiProperty({ example: 1669122751 }) created_time: number;
  @ApiProperty({ example: 1669122751 }) updated_time: number;
  @ApiProperty({ example: 'T-shirts' }) title: string;
  @ApiProperty({ example: '' }) seo_title: string;
  @ApiProperty({ example: '' }) keywords: string;
  @ApiProperty({ example: 't-shirts' }) url_token: string;
  @ApiProperty({ example: '' }) description: string;
  @ApiProperty({ example: '<p>Printed to order.</p>', description: "Rich text; '' in lists" })
  content: string;
  @ApiProperty({ example: 2, description: 'AnqiCMS module (2 = products)' }) module_id: number;
  @ApiProperty({ example: 0, description: '0 = top level' }) parent_id: number;
  @ApiProperty({ example: 1, description: 'AnqiCMS: 1 = archive category' }) type: number;
  @ApiProperty({ example: 99, description: 'Ascending' }) sort: number;
  @ApiProperty({ type: [String], example: [] }) images: string[];
  @ApiProperty({ example: '' }) logo: string;
  @ApiProperty({ example: '', description: 'logo, else the first image' }) thumb: string;
  @ApiProperty({ example: 1, description: '1 = shown, 0 = hidden' }) status: number;
  @ApiProperty({ example: false }) has_children: boolean;
  @ApiProperty({ example: 0, description: 'Depth in the tree (0 = top level)' }) level: number;
  @ApiProperty({ example: '', description: 'AnqiCMS tree indent in flat lists' }) spacer: string;
  @ApiProperty({ example: '' }) link: string;
  @ApiProperty({ example: false }) is_current: boolean;
  @ApiProperty({ example: '' }) template: string;
  @ApiProperty({ example: '' }) detail_template: string;
  @ApiProperty({ example: 0 }) is_inherit: number;
}
