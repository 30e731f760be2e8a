import { ApiPropertyOptional } from '@nestjs/swagger';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { IsDbInt, IsPageNumber, OptionalNotNull } from '../validation/db-bounds.decorators.js';

export const DEFAULT_PAGE_SIZE = 10;
export const MAX_PAGE_SIZE = 100;

/**
 * AnqiCMS paging: `current` (1-based) and `page_size` or `pageSize` (both accepted everywhere;
 * `page_size` wins when both are sent). Sizes above MAX_PAGE_SIZE are capped rather than
 * refused, so front-ends that ask for "everything" keep working; `total` tells them there is more.
 */
export class PageQueryDto {
  @ApiPropertyOptional({ description: 'Page number, from 1', default: 1, minimum: 1 })
  @OptionalNotNull()
  @IsPageNumber()
  current?: number;

  @ApiPropertyOptional({
    description: 'Items per page',
    default: DEFAULT_PAGE_SIZE,
    minimum: 1,
    maximum: MAX_PAGE_SIZE,
  })
  @OptionalNotNull()
  @IsDbInt({ min: 1, query: true })
  page_size?: number;

  @ApiPropertyOptional({
    description: 'Same as page_size (AnqiCMS sends either)',
    maximum: MAX_PAGE_SIZE,
  })
  @OptionalNotNull()
  @IsDbInt({ min: 1, query: true })
  pageSize?: number;
}

export interface PageWindow {
  current: number;
  limit: number;
  offset: number;
}

export function pageWindow(query: PageQueryDto): PageWindow {
  const current = query.current ?? 1;
  const limit = Math.min(query.page_size ?? query.pageSize ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  return { current, limit, offset: (current - 1) * limit };
}

/**
 * A page and the total in one statement (`COUNT(*) OVER ()` rides along with the rows). Only a
 * page past the end, which has no row to carry the total, costs a second statement.
 */
export async function pageAndTotal<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  window: Pick<PageWindow, 'limit' | 'offset'>,
): Promise<[T[], number]> {
  const { entities, raw } = await query
    .clone()
    .addSelect('COUNT(*) OVER ()', 'page_total')
    .limit(window.limit)
    .offset(window.offset)
    .getRawAndEntities<{ page_total: string }>();
  if (entities.length) return [entities, Number(raw[0].page_total)];
  return [[], window.offset === 0 ? 0 : await query.getCount()];
}
