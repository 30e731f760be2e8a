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

/**
 * The API's variant of the same rule, for requests the `token` cookie logs in: this origin, or
 * one the operator let in with CORS_ORIGINS (a front-end on another origin that sends
 * credentials; `true` = `*`, any). `Origin` decides when sent (browsers send it on every
 * cross-origin request and on same-origin POSTs); without it, `Sec-Fetch-Site` must say
 * same-origin or none; with neither it is no browser's cross-site request.
 */
export function isTrustedOriginRequest(
  request: FastifyRequest,
  publicUrl: string,
  corsOrigins: readonly string[] | boolean,
): boolean {
  const origin = headerOf(request, 'origin');
  if (origin !== undefined) {
    if (origin === 'null') return false;
    if (origin === expectedOrigin(request, publicUrl).toLowerCase()) return true;
    if (corsOrigins === true) return true;
    return (
      Array.isArray(corsOrigins) &&
      (corsOrigins as readonly string[]).some((allowed) => allowed.toLowerCase() === origin)
    );
  }
  const site = headerOf(request, 'sec-fetch-site');
  return site === undefined || site === 'same-origin' || site === 'none';
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
