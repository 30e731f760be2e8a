import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyReply } from 'fastify';

/**
 * An AbortSignal that fires when the client goes away before its answer is sent (closed tab,
 * timed-out request), so a handler that waits (GET /api/payment/check) stops waiting for nobody.
 */
export const ClientGone = createParamDecorator((_: unknown, ctx: ExecutionContext): AbortSignal => {
  const raw = ctx.switchToHttp().getResponse<FastifyReply>().raw;
  const controller = new AbortController();
  raw.once('close', () => {
    if (!raw.writableFinished) controller.abort();
  });
  return controller.signal;
});
