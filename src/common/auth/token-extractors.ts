import { FastifyRequest } from 'fastify';

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first?.trim() || undefined;
}

function bearer(request: FastifyRequest): string | undefined {
  const value = header(request, 'authorization');
  const match = value ? /^Bearer\s+(.+)$/i.exec(value) : null;
  return match?.[1].trim() || undefined;
}

/** Customer tokens: `Token` header (what AnqiCMS clients send), `token` cookie, or Bearer. */
export function extractCustomerToken(request: FastifyRequest): string | null {
  const cookies = (request as FastifyRequest & { cookies?: Record<string, string | undefined> })
    .cookies;
  return header(request, 'token') ?? (cookies?.token || undefined) ?? bearer(request) ?? null;
}

/**
 * True when the customer token of this request is the `token` cookie (no `Token` header, no
 * Bearer): the one credential a browser attaches to requests other sites make.
 */
export function customerTokenIsCookie(request: FastifyRequest): boolean {
  if (header(request, 'token') !== undefined || bearer(request) !== undefined) return false;
  const cookies = (request as FastifyRequest & { cookies?: Record<string, string | undefined> })
    .cookies;
  return !!cookies?.token;
}

/** The cookie of a staff web page session (src/staff-inbox): it holds a staff token. */
export const STAFF_SESSION_COOKIE = 'staff_session';

/** Where the staff session cookie logs in: the staff pages, and nowhere in the API. */
export const STAFF_PAGES_PREFIX = '/staff/';

/**
 * Admin tokens: `admin` header (AnqiCMS's admin panel) or Bearer; on the staff pages also the
 * session cookie. The cookie is read there only: those routes check the origin and a CSRF token
 * on every state change (docs/staff-inbox.md), the API's staff routes do not, so a cookie must
 * never log in there.
 */
export function extractAdminToken(request: FastifyRequest): string | null {
  return header(request, 'admin') ?? bearer(request) ?? staffSessionOf(request) ?? null;
}

function staffSessionOf(request: FastifyRequest): string | undefined {
  if (!request.url.startsWith(STAFF_PAGES_PREFIX)) return undefined;
  const cookies = (request as FastifyRequest & { cookies?: Record<string, string | undefined> })
    .cookies;
  return cookies?.[STAFF_SESSION_COOKIE] || undefined;
}
