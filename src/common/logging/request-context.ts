import { AsyncLocalStorage } from 'node:async_hooks';

interface RequestContextStore {
  requestId: string;
  /** The client address (Fastify's `request.ip`: `X-Forwarded-For` only with TRUST_PROXY). */
  ip?: string;
  /** The staff member making the request, set by the AccessGuard once it has let them in. */
  staff?: { id: number; userName: string };
}

/**
 * Carries the request id through every await of a request, so any log line can name it, and
 * the request's staff member and address, so an audit row can name who did a change from where
 * without every service signature carrying them.
 */
export const requestContext = new AsyncLocalStorage<RequestContextStore>();

export function currentRequestId(): string | undefined {
  return requestContext.getStore()?.requestId;
}

export function currentRequestStore(): RequestContextStore | undefined {
  return requestContext.getStore();
}

/**
 * Runs `work` on behalf of a staff member outside any HTTP request (demo seeding, scripts), so
 * the audit rows it writes name who it acted for; `label` stands in for the request id.
 */
export function runAsStaff<T>(
  staff: { id: number; userName: string },
  label: string,
  work: () => Promise<T>,
): Promise<T> {
  return requestContext.run({ requestId: label, ip: '', staff }, work);
}

/**
 * Runs `work` outside any request's context. Background work that a request only wakes (the event
 * hub's read after its commit, and the consumer, mail and webhook passes after that) is not the
 * request's: its statements and log lines must not carry the request's id, nor an audit row its
 * staff member.
 */
export function outsideRequest<T>(work: () => T): T {
  return requestContext.exit(work);
}
