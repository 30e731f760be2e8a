import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { PaymentErrors } from './payments.errors.js';

/** Return-page requests one client address may make per minute (a buyer needs a handful). */
export const RETURN_REQUESTS_PER_MINUTE = 60;
/** Return-page requests this instance serves per minute from all addresses together. */
export const RETURN_REQUESTS_PER_MINUTE_TOTAL = 600;
const WINDOW_MS = 60_000;

/**
 * Throttles the public PayPal return routes, which may call PayPal: a client address beyond
 * RETURN_REQUESTS_PER_MINUTE in a minute, or the instance beyond RETURN_REQUESTS_PER_MINUTE_TOTAL,
 * is answered 429 `PAYMENT.TOO_MANY_RETURNS` before anything is looked up or asked (so nobody can
 * spend the shop's PayPal quota). Counted in memory per instance, in fixed one-minute windows:
 * a bound on the cost, not an exact shared quota (docs/payments.md).
 */
@Injectable()
export class ReturnThrottleGuard implements CanActivate {
  private windowStart = 0;
  private total = 0;
  private readonly perAddress = new Map<string, number>();

  canActivate(context: ExecutionContext): boolean {
    const now = Date.now();
    if (now - this.windowStart >= WINDOW_MS) {
      this.windowStart = now;
      this.total = 0;
      this.perAddress.clear();
    }
    const address = context.switchToHttp().getRequest<FastifyRequest>().ip;
    const count = (this.perAddress.get(address) ?? 0) + 1;
    this.perAddress.set(address, count);
    this.total += 1;
    if (count > RETURN_REQUESTS_PER_MINUTE || this.total > RETURN_REQUESTS_PER_MINUTE_TOTAL)
      throw PaymentErrors.tooManyReturns();
    return true;
  }
}
