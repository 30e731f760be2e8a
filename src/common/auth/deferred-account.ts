import type { SqlParams } from '../database/sql-params.js';
import type { Actor, CustomerActor } from '../state-machine/actor.js';

/**
 * A customer's account check left to the route's own read (@AccountCheckedByRead()): the guard
 * has verified the token; whether the account still exists, is active and has the token's
 * version is asked by the read's statement, whose lookup adds `condition` to its WHERE. A row
 * that statement returns proves the account current (`confirm`). Where it returned none (an
 * empty list, not found) or never ran (a validation error), the check runs on its own before the
 * answer goes out (AccountCheckStep), so a stale token answers 1001 exactly as before, and a
 * route answers in one statement where it used to take two.
 */
export class DeferredAccountCheck {
  private current = false;

  /** `sql` writes the condition (true while the account is current) into a statement. */
  constructor(private readonly sql: (params: SqlParams) => string) {}

  condition(params: SqlParams): string {
    return this.sql(params);
  }

  confirm(): void {
    this.current = true;
  }

  get confirmed(): boolean {
    return this.current;
  }
}

/** The account check a customer actor's reads carry on an @AccountCheckedByRead() route. */
export function deferredCheckOf(actor: Actor): DeferredAccountCheck | undefined {
  return actor.role === 'customer' ? (actor as CustomerActor).accountCheck : undefined;
}

/**
 * A statement conditioned by the actor's lookup (whereVisible, listWhere) returned a row: the
 * account check that condition carried, if any, has passed.
 */
export function confirmAccountRead(actor: Actor): void {
  deferredCheckOf(actor)?.confirm();
}
