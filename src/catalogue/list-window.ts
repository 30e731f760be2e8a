/** AnqiCMS list windows (pure): `limit` as `n` or `offset,n`, `page`, and the `order` allow-list. */

import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../common/pagination/page-query.dto.js';

export interface ListWindow {
  offset: number;
  limit: number;
}

/** `"n"` or `"offset,n"` (validated by the DTO pattern); n is kept within 1..MAX_PAGE_SIZE as AnqiCMS caps it. */
export function parseLimit(raw: string): ListWindow {
  const parts = raw.split(',').map(Number);
  const [offset, size] = parts.length === 2 ? parts : [0, parts[0]];
  return { offset, limit: Math.min(Math.max(size, 1), MAX_PAGE_SIZE) };
}

export interface ListWindowQuery {
  page?: number;
  current?: number;
  limit?: string;
  page_size?: number;
  pageSize?: number;
}

/**
 * The page to read. Size: `limit` (AnqiCMS), else `page_size`/`pageSize`, else 10, capped at
 * 100. Position: `page` or `current` (AnqiCMS reads `page` only with type=page; here it counts
 * for every type), else the offset of an `offset,n` limit.
 */
export function listWindow(query: ListWindowQuery): ListWindow & { page: number } {
  const fromLimit = query.limit ? parseLimit(query.limit) : undefined;
  const limit =
    fromLimit?.limit ??
    Math.min(query.page_size ?? query.pageSize ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  const page = query.page ?? query.current;
  if (page !== undefined) return { page, limit, offset: (page - 1) * limit };
  return { page: 1, limit, offset: fromLimit?.offset ?? 0 };
}

/** Fields `order` may name, mapped to the product list's columns (ArchiveQueries, alias `a`). */
export const ORDER_FIELDS: Record<string, string> = {
  id: 'a.id',
  created_time: 'a.created_time',
  updated_time: 'a.updated_time',
  views: 'a.views',
  price: 'a.price',
  stock: 'a.stock',
  title: 'a.title',
};

export const ORDER_PATTERN = new RegExp(
  `^\\s*(${Object.keys(ORDER_FIELDS).join('|')})(\\s+(asc|desc))?\\s*(,\\s*(${Object.keys(ORDER_FIELDS).join('|')})(\\s+(asc|desc))?\\s*){0,3}$`,
  'i',
);

/** `"price asc, id desc"` → [[column, direction]] (validated by ORDER_PATTERN first). */
export function parseOrder(raw: string): [string, 'ASC' | 'DESC'][] {
  return raw.split(',').map((part) => {
    const [field, direction] = part.trim().split(/\s+/);
    return [
      ORDER_FIELDS[field.toLowerCase()],
      direction?.toLowerCase() === 'desc' ? 'DESC' : 'ASC',
    ];
  });
}

/** `%`, `_` and `\` in a keyword are literal characters, not LIKE wildcards (`ESCAPE '\'`). */
export function likePattern(keyword: string): string {
  return `%${keyword.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
