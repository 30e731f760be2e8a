import type { FastifyRequest } from 'fastify';

/**
 * Is a state-changing request from a page of this very origin? Cookies ride along with requests
 * that other sites make (a form posted from anywhere, SameSite=Lax allows top-level POSTs from
 * same-site pages), so every cookie-authenticated state change must also pass this check; a
 * header-authenticated API call needs none (no other site can make a browser send the header).
 *
 * Browsers tell where a request comes from in two headers:
 * - `Sec-Fetch-Site` (every current browser): `same-origin` passes, `none` (typed, bookmarked)
 *   passes, `same-site` and `cross-site` are refused: a sibling subdomain is another origin.
 * - `Origin` (older browsers send it on POST): it must be this service's origin, that is
 *   PUBLIC_URL's when set (behind a proxy that rewrites the host), else the request's own
 *   scheme and host (`X-Forwarded-*` counts only with TRUST_PROXY). `null` is refused.
 * A request with neither header is no browser's cross-site request, so it passes; the form's
 * CSRF token stays the second, independent line.
 */
export function isSameOriginRequest(request: FastifyRequest, publicUrl = ''): boolean {
  const site = headerOf(request, 'sec-fetch-site');
  if (site !== undefined) return site === 'same-origin' || site === 'none';
  const origin = headerOf(request, 'origin');
  if (origin === undefined) return true;
  return origin === expectedOrigin(request, publicUrl).toLowerCase();
}

/** The origin pages of this service are served from. */
export function expectedOrigin(request: FastifyRequest, publicUrl = ''): string {
  if (publicUrl) return new URL(publicUrl).origin;
  return `${request.protocol}://${request.host}`;
}

/** Methods that never change state: no origin check. */
export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

function headerOf(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first?.trim().toLowerCase() || undefined;
}
