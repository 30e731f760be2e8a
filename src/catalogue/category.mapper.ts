import { toUnixSeconds } from '../common/database/column-types.js';
import { CategoryResponseDto } from './dto/category.response.dto.js';

/** What the category queries select: the row plus its tree facts. */
export interface CategoryRow {
  id: number;
  created_time: Date;
  updated_time: Date;
  title: string;
  seo_title: string;
  keywords: string;
  url_token: string;
  description: string;
  content?: string | null;
  module_id: number;
  parent_id: number;
  sort: number;
  images: string[];
  logo: string;
  type: number;
  status: number;
  has_children?: boolean;
  level?: number;
}

export function toCategoryResponse(row: CategoryRow): CategoryResponseDto {
  const images = [...(row.images ?? [])];
  const level = Number(row.level ?? 0);
  return {
    id: row.id,
    created_time: toUnixSeconds(row.created_time),
    updated_time: toUnixSeconds(row.updated_time),
    title: row.title,
    seo_title: row.seo_title,
    keywords: row.keywords,
    url_token: row.url_token,
    description: row.description,
    content: row.content ?? '',
    module_id: row.module_id,
    parent_id: row.parent_id,
    type: row.type,
    sort: row.sort,
    images,
    logo: row.logo,
    thumb: row.logo || images[0] || '',
    status: row.status,
    has_children: Boolean(row.has_children),
    level,
    spacer: level > 0 ? `${'\u3000'.repeat(level - 1)}└\u3000` : '',
    link: '',
    is_current: false,
    template: '',
    detail_template: '',
    is_inherit: 0,
  };
}
