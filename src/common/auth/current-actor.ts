import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { PersonActor } from '../state-machine/actor.js';
import type { Principal } from './principal.js';

/**
 * The actor a logged-in principal acts as. Customers sign thread messages with their user name,
 * staff with their display name (real name, else user name), which the token check read with the
 * account; only a stream ticket's principal lacks it, and the stream routes write nothing.
 */
export function actorOf(principal: Principal): PersonActor {
  return principal.kind === 'admin'
    ? { role: 'staff', id: principal.id, name: principal.displayName ?? principal.userName }
    : principal.accountCheck
      ? { role: 'customer', id: principal.id, name: '', accountCheck: principal.accountCheck }
      : { role: 'customer', id: principal.id, name: principal.userName };
}

/**
 * The caller as a typed actor (`CustomerActor` on customer routes, `StaffActor` on @Admin()
 * routes, either on @AnyAccount() ones), made from the principal the AccessGuard put on the
 * request. Controllers pass it to services as is: no service builds an actor from a raw id.
 */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext) =>
  actorOf(ctx.switchToHttp().getRequest<{ user: Principal }>().user),
);
