/** URL slugs for products and categories. */

import { randomBytes } from 'node:crypto';

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

/**
 * The requested token (lower-cased), or for an empty request the title's slug (`fallback` for
 * non-Latin titles) made unique with a random 6-hex suffix. `taken` asks the database;
 * `takenError` is what a clash (or five unlucky suffixes) throws.
 */
export async function uniqueUrlToken(
  requested: string,
  title: string,
  taken: (token: string) => Promise<boolean>,
  takenError: () => Error,
  fallback = 'goods',
): Promise<string> {
  if (requested) {
    const token = requested.toLowerCase();
    if (await taken(token)) throw takenError();
    return token;
  }
  const base = slugify(title) || fallback;
  let token = base;
  for (let attempt = 0; await taken(token); attempt++) {
    if (attempt >= 5) throw takenError();
    token = `${base}-${randomBytes(3).toString('hex')}`;
  }
  return token;
}
