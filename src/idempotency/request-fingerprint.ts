import { createHash } from 'node:crypto';
import { CommonErrors } from '../common/errors/app-error.js';

/** Far deeper than any request body of this API; deeper ones are refused, not recursed into. */
const MAX_DEPTH = 64;

/** JSON with object keys sorted at every level: `{"b":1,"a":2}` and `{"a":2,"b":1}` agree. */
export function canonicalJson(value: unknown, depth = 0): string {
  if (depth > MAX_DEPTH) throw CommonErrors.validation([`body is nested deeper than ${MAX_DEPTH}`]);
  if (Array.isArray(value))
    return `[${value.map((item) => canonicalJson(item, depth + 1)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const members = entries.map(
      ([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item, depth + 1)}`,
    );
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * What makes two requests "the same" for an Idempotency-Key: method, path with query, and the
 * body as parsed JSON (so spacing and key order do not matter, values and types do).
 */
export function requestFingerprint(method: string, url: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method.toUpperCase()} ${url}\n${body === undefined ? '' : canonicalJson(body)}`)
    .digest('hex');
}

/**
 * The key as sent: Stripe's bare token, or the draft's structured-field string in quotes.
 * Undefined when absent; null when unusable (empty, too long, control or non-ASCII characters,
 * or sent twice).
 */
export function parseIdempotencyKey(
  header: string | string[] | undefined,
): string | null | undefined {
  if (header === undefined) return undefined;
  if (Array.isArray(header)) return null;
  const trimmed = header.trim();
  const key = /^"(.*)"$/.exec(trimmed)?.[1] ?? trimmed;
  return /^[\x20-\x7e]{1,255}$/.test(key) && key.trim() === key ? key : null;
}
