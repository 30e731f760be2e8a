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
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') {
      const bad = badStrings(value, metadata.type === 'param' ? (metadata.data ?? '') : '');
      if (bad.length) throw CommonErrors.validation(bad.slice(0, 20));
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
