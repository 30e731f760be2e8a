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

/**
 * Paths of every string (value or object key) holding a NUL character. PostgreSQL cannot store
 * U+0000 in text or jsonb, so one would fail inside the query; no field has a use for it.
 */
export function nulPaths(value: unknown, path = '', depth = 0): string[] {
  if (typeof value === 'string') return value.includes('\u0000') ? [path || 'value'] : [];
  if (typeof value !== 'object' || value === null) return [];
  if (depth > MAX_DEPTH) return [path || 'value'];
  const entries = Array.isArray(value)
    ? value.map((item, index) => [String(index), item] as const)
    : Object.entries(value);
  return entries.flatMap(([key, item]) => {
    const child = path ? `${path}.${key}` : key;
    return key.includes('\u0000') ? [path || 'value'] : nulPaths(item, child, depth + 1);
  });
}

/**
 * class-validator DTOs everywhere: unknown properties are stripped (a client can never set a
 * field it does not own), query strings are converted where a DTO says so, and failures become
 * one -1 envelope naming every bad field. One rule for every body, query and path parameter
 * before any DTO sees it: no NUL characters in any string.
 */
class AppValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') {
      const bad = nulPaths(value, metadata.type === 'param' ? (metadata.data ?? '') : '');
      if (bad.length) {
        throw CommonErrors.validation(
          [...new Set(bad)].map((path) => `${path} must not contain NUL (\\u0000) characters`),
        );
      }
    }
    return super.transform(value, metadata);
  }
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
