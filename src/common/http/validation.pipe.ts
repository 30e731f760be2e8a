import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { CommonErrors } from '../errors/app-error.js';

function flatten(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((error) => {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) =>
      // class-validator says "quantity must be..."; name the full path for nested fields.
      prefix ? message.replace(error.property, path) : message,
    );
    return [...own, ...flatten(error.children ?? [], path)];
  });
}

/** Deeper than any DTO nests; a body nested further is refused rather than walked. */
const MAX_DEPTH = 16;

/** In a `u` regex a surrogate pair is one code point, so this matches only unpaired halves. */
const LONE_SURROGATE = /\p{Cs}/u;

/** Why a string cannot be accepted anywhere, or undefined. */
function stringProblem(text: string): string | undefined {
  // PostgreSQL cannot store U+0000 in text or jsonb; no field has a use for it.
  if (text.includes('\u0000')) return 'must not contain NUL (\\u0000) characters';
  // A lone UTF-16 surrogate is no character at all; validators that encode it throw.
  if (LONE_SURROGATE.test(text)) return 'must be valid Unicode text';
  return undefined;
}

/**
 * One message per string (value or object key) that no field may hold, named by its path.
 */
export function badStrings(value: unknown, path = '', depth = 0): string[] {
  const name = path || 'value';
  if (typeof value === 'string') {
    const problem = stringProblem(value);
    return problem ? [`${name} ${problem}`] : [];
  }
  if (typeof value !== 'object' || value === null) return [];
  if (depth > MAX_DEPTH) return [`${name} is nested too deeply`];
  const entries = Array.isArray(value)
    ? value.map((item, index) => [String(index), item] as const)
    : Object.entries(value);
  return entries.flatMap(([key, item]) => {
    const problem = stringProblem(key);
    if (problem) return [`a field name in ${name} ${problem}`];
    return badStrings(item, path ? `${path}.${key}` : key, depth + 1);
  });
}

/**
 * class-validator DTOs everywhere: unknown properties are stripped (a client can never set a
 * field it does not own), query strings are converted where a DTO says so, and failures become
 * one -1 envelope naming every bad field. One rule for every body, query and path parameter
 * before any DTO sees it: no NUL characters and no broken Unicode in any string or key.
 */
class AppValidationPipe extends ValidationPipe {
  /** Query DTOs validated recently, by class, then by query string (see `cachedQuery`). */
  private readonly queries = new WeakMap<object, Map<string, object>>();

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') {
      const bad = badStrings(value, metadata.type === 'param' ? (metadata.data ?? '') : '');
      if (bad.length) throw CommonErrors.validation(bad.slice(0, 20));
    }
    if (metadata.type === 'query' && metadata.metatype && this.toValidate(metadata)) {
      return this.cachedQuery(value, metadata, metadata.metatype);
    }
    return super.transform(value, metadata);
  }

  /**
   * The cheap routes are read again and again with the same query string (a thread's messages,
   * page 1 of a list), and turning it into its DTO (class-transformer) and checking it
   * (class-validator) showed in the profile of every such request. The DTO a flat query (string
   * values) gave is kept and a copy of it handed out for the same query again: the same input
   * through the same deterministic rules gives the same DTO, and only successes are kept (a bad
   * query is checked, and answered, anew every time). Kept only when the DTO too is flat
   * (primitives only), so a copy shares nothing a handler could change; at most
   * QUERY_CACHE_SIZE per DTO class, emptied when full.
   */
  private async cachedQuery(
    value: unknown,
    metadata: ArgumentMetadata,
    metatype: object,
  ): Promise<unknown> {
    const key = flatQueryKey(value);
    if (key === undefined) return super.transform(value, metadata);
    let cache = this.queries.get(metatype);
    if (!cache) this.queries.set(metatype, (cache = new Map<string, object>()));
    const kept = cache.get(key);
    if (kept) return copyOf(kept);
    const dto: unknown = await super.transform(value, metadata);
    if (isFlatObject(dto)) {
      if (cache.size >= QUERY_CACHE_SIZE) cache.clear();
      cache.set(key, copyOf(dto));
    }
    return dto;
  }
}

const QUERY_CACHE_SIZE = 256;

/** Keys the pipe strips or that could reach a prototype: such a query is never kept. */
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** The cache key of a query whose values are all strings; undefined for any other. */
function flatQueryKey(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const entries = Object.entries(value);
  for (const [key, item] of entries) {
    if (typeof item !== 'string' || UNSAFE_KEYS.has(key)) return undefined;
  }
  return JSON.stringify(entries);
}

function isFlatObject(value: unknown): value is object {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.values(value).every((item) => item === null || typeof item !== 'object');
}

/**
 * A shallow copy with the same prototype (the DTO class) and the same own properties (a DTO's are
 * plain enumerable values). Spread then prototype: copying through property descriptors took
 * ~15 µs for the product list's 15-field DTO, on every request.
 */
function copyOf<T extends object>(value: T): T {
  return Object.setPrototypeOf({ ...value }, Object.getPrototypeOf(value) as object | null) as T;
}

export function createValidationPipe(): ValidationPipe {
  return new AppValidationPipe({
    whitelist: true,
    transform: true,
    forbidUnknownValues: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => CommonErrors.validation(flatten(errors)),
  });
}
