import type { FastifyRequest } from 'fastify';

/**
 * Query parameters whose values never reach a log: a stream ticket is a credential for as long as
 * it lives (docs/events.md).
 */
const SECRET_QUERY = /([?&](?:ticket|token|admin|access_token|csrf)=)[^&#]*/gi;

/** The URL as the request log writes it: secrets in the query string replaced by `[redacted]`. */
export function redactUrl(url: string): string {
  return url.replace(SECRET_QUERY, '$1[redacted]');
}

const SELF_LOGGED = new WeakSet<FastifyRequest>();

/**
 * A long-lived response (an event stream) writes its own request line and metrics when it ends,
 * with what only it knows (events sent, why it ended), also when the client cut it; the generic
 * onResponse line then stays silent so the request is logged once.
 */
export function logsItself(request: FastifyRequest): void {
  SELF_LOGGED.add(request);
}

export function isLoggedItself(request: FastifyRequest): boolean {
  return SELF_LOGGED.has(request);
}
