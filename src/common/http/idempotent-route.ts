import { SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { Access, ACCESS_KEY } from '../auth/access.decorators.js';
import { RAW_RESPONSE } from './envelope.interceptor.js';

const IDEMPOTENCY_EXEMPT = 'idempotency-exempt';

/**
 * Opts a state-changing POST out of `Idempotency-Key` handling (the header is then ignored), with
 * the reason: a multipart body that is never buffered to be hashed, or an answer that must not be
 * stored (it carries a credential).
 */
export const NoIdempotencyKey = (reason: string) => SetMetadata(IDEMPOTENCY_EXEMPT, reason);

/**
 * The one rule for which routes honour `Idempotency-Key` (docs/security.md): every POST of a
 * logged-in caller that answers an envelope, unless marked @NoIdempotencyKey(). Public POSTs
 * (login, register) have no caller to scope a key to; raw answers (CSV exports) are reads.
 * The interceptor, the Swagger header and the route catalogue all ask this function.
 */
export function acceptsIdempotencyKey(
  reflector: Reflector,
  method: string,
  targets: [handler: object, controller: object],
): boolean {
  if (method !== 'POST') return false;
  const [handler, controller] = targets as [() => void, () => void];
  const read = <T>(key: string) => reflector.getAllAndOverride<T>(key, [handler, controller]);
  if ((read<Access | undefined>(ACCESS_KEY) ?? Access.Customer) === Access.Public) return false;
  if (read<boolean | undefined>(RAW_RESPONSE)) return false;
  return read<string | undefined>(IDEMPOTENCY_EXEMPT) === undefined;
}

const HEADER_DOC = [
  'Optional. A unique value per logical request (e.g. a UUID; 1-255 printable ASCII characters), so',
  'the request can be retried safely: the same key with the same body answers the first answer again',
  '(header `Idempotent-Replayed: true`) without acting twice, for 24 h. The same key with another body',
  'or path: -1 IDEMPOTENCY.KEY_REUSED. While the first request with the key is still running:',
  '-1 IDEMPOTENCY.IN_PROGRESS with Retry-After. Keys are per account. A request that failed',
  '(error envelope) left no trace: it may be retried with the same key.',
].join(' ');

/** Adds the optional `Idempotency-Key` header to every route that honours it in the OpenAPI document. */
export function documentIdempotencyKey(
  document: OpenAPIObject,
  routes: readonly { method: string; path: string; idempotent: boolean }[],
): void {
  for (const route of routes.filter((r) => r.idempotent)) {
    const path = route.path.replace(/:(\w+)/g, '{$1}');
    const operation = document.paths[path]?.[route.method.toLowerCase() as 'post'];
    if (!operation) continue;
    operation.parameters = [
      ...(operation.parameters ?? []),
      {
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        description: HEADER_DOC,
        schema: { type: 'string', maxLength: 255, example: '8e03978e-40d5-43e8-bc93-6894a57f9324' },
      },
    ];
  }
}
