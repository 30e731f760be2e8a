/** URL slugs for products (pure). */

/** ASCII slug of a title: lower-case letters and digits joined by "-" ('' when none). */
export function slugify(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 120)
    .replace(/-+$/, '');
}

/** The token to try first for a product without one: its slug, or "goods" for non-Latin titles. */
export function baseUrlToken(title: string): string {
  return slugify(title) || 'goods';
}
