import { PRODUCT_MODULE_ID } from './entities/category.entity.js';
import { productModule } from './dto/module.response.dto.js';
import { toUnixSeconds } from '../common/database/column-types.js';
import { CategoryResponseDto } from './dto/category.response.dto.js';
import {
  GOODS_COMPAT_FIELDS,
  GoodsResponseDto,
  GoodsSkuResponseDto,
  GoodsWithSkusResponseDto,
} from './dto/goods.response.dto.js';
import { ArchiveSku } from './entities/archive-sku.entity.js';
import { Archive } from './entities/archive.entity.js';

export function toGoodsResponse(archive: Archive): GoodsResponseDto {
  return {
    id: archive.id,
    created_time: toUnixSeconds(archive.createdTime),
    updated_time: toUnixSeconds(archive.updatedTime),
    title: archive.title,
    seo_title: archive.seoTitle,
    url_token: archive.urlToken,
    keywords: archive.keywords,
    description: archive.description,
    module_id: archive.moduleId,
    category_id: archive.categoryId,
    views: archive.views,
    comment_count: archive.commentCount,
    images: [...(archive.images ?? [])],
    logo: archive.logo || archive.images?.[0] || '',
    thumb: archive.thumb,
    canonical_url: archive.canonicalUrl,
    fixed_link: archive.fixedLink,
    status: archive.status,
    user_id: archive.userId,
    price: archive.price,
    stock: archive.stock,
    deleted_time: toUnixSeconds(archive.deletedTime),
    tags: [...(archive.tags ?? [])],
    ...GOODS_COMPAT_FIELDS,
    // The staff panel's "document model" column (module/list names module 2 "Products").
    module_name: archive.moduleId === PRODUCT_MODULE_ID ? productModule().name : '',
    extra: {},
  };
}

export function toSkuResponse(sku: ArchiveSku): GoodsSkuResponseDto {
  return {
    id: sku.id,
    archive_id: sku.archiveId,
    title: sku.title,
    price: sku.price,
    stock: sku.stock,
    status: sku.status,
    created_time: toUnixSeconds(sku.createdTime),
    updated_time: toUnixSeconds(sku.updatedTime),
  };
}

export function toGoodsWithSkus(archive: Archive, skus: ArchiveSku[]): GoodsWithSkusResponseDto {
  return {
    ...toGoodsResponse(archive),
    skus: skus.filter((sku) => sku.archiveId === archive.id).map(toSkuResponse),
  };
}

/** The detail: `data.content` (the archive must have been read with its content) and `category`. */
export function toGoodsDetail(
  archive: Archive,
  skus: ArchiveSku[],
  category: CategoryResponseDto | null,
): GoodsWithSkusResponseDto {
  return {
    ...toGoodsWithSkus(archive, skus),
    category,
    data: { id: archive.id, content: archive.content ?? '' },
  };
}
