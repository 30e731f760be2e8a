import type { FastifyReply } from 'fastify';
import type { Html } from './views/html.js';
import { INBOX_PATH } from './views/layout.view.js';

/**
 * The staff pages' Content-Security-Policy, stricter than the API's (which allows Swagger UI's
 * inline code): scripts, styles and connections from this origin only, no inline code at all.
 * Images may also come from https (customers' images are often on the shop's own CDN).
 */
export const STAFF_PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' https: data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export function sendPage(reply: FastifyReply, page: Html, status = 200): FastifyReply {
  return reply
    .code(status)
    .header('content-security-policy', STAFF_PAGE_CSP)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(page.text);
}

/** After a form: see the result with a GET (303), so a reload does not send the form again. */
export function seeOther(reply: FastifyReply, location: string): FastifyReply {
  return reply.code(303).header('cache-control', 'no-store').redirect(location, 303);
}

/** Only paths of the staff pages are followed after sign-in (no open redirect). */
export function staffPath(next: unknown): string {
  return typeof next === 'string' && /^\/staff\/(?!\/)[^\\\s]*$/.test(next) ? next : INBOX_PATH;
}
