import { ApiProperty } from '@nestjs/swagger';
import { PRODUCT_MODULE_ID } from '../entities/category.entity.js';

/** An AnqiCMS content model (`model.Module`); this catalogue has exactly one: products. */
export class ModuleResponseDto {
  @ApiProperty({ example: PRODUCT_MODULE_ID }) id: number;
  @ApiProperty({ example: 0 }) created_time: number;
  @ApiProperty({ example: 0 }) updated_time: number;
  @ApiProperty({ example: 'product' }) table_name: string;
  @ApiProperty({ example: 'Products' }) name: string;
  @ApiProperty({ example: 'product' }) url_token: string;
  @ApiProperty({ example: 'Products' }) title: string;
  @ApiProperty({ example: '' }) keywords: string;
  @ApiProperty({ example: '' }) description: string;
  @ApiProperty({ type: [Object], example: [], description: 'No custom fields' }) fields: never[];
  @ApiProperty({ type: [Object], example: [] }) category_fields: never[];
  @ApiProperty({ example: 1 }) is_system: number;
  @ApiProperty({ example: 'Product name' }) title_name: string;
  @ApiProperty({ example: 1 }) status: number;
  @ApiProperty({ example: '' }) link: string;
}

/** The product module, as AnqiCMS's default install names its module 2. */
export function productModule(): ModuleResponseDto {
  return {
    id: PRODUCT_MODULE_ID,
    created_time: 0,
    updated_time: 0,
    table_name: 'product',
    name: 'Products',
    url_token: 'product',
    title: 'Products',
    keywords: '',
    description: '',
    fields: [],
    category_fields: [],
    is_system: 1,
    title_name: 'Product name',
    status: 1,
    link: '',
  };
}
