import type { DeferredAccountCheck } from '../auth/deferred-account.js';

/**
 * Who acts on something with a status: the buyer, a staff member, or the server itself (jobs,
 * gateway notifications, settlements). One vocabulary for every state machine; the stored and
 * wire names of each table (AnqiCMS's `admin`, `user`...) come from actor-spellings.ts.
 */
export const ACTOR_ROLES = ['customer', 'staff', 'system'] as const;
export type ActorRole = (typeof ACTOR_ROLES)[number];

export interface Actor {
  role: ActorRole;
  /** users.id for customers, admins.id for staff, 0 for the system. */
  id: number;
}

/** An actor with the name its thread messages are signed with. */
export interface NamedActor extends Actor {
  name: string;
}

/**
 * A person acting through the API, as the access guard logged them in: built once per request by
 * `@CurrentActor()` (src/common/auth/current-actor.ts) and passed to the services, never made
 * from an id by hand.
 */
export interface CustomerActor extends NamedActor {
  role: 'customer';
  /**
   * On @AccountCheckedByRead() routes: the account check the customer's reads carry (the
   * lookups add it to their condition); `name` is then empty (such a route signs nothing).
   */
  accountCheck?: DeferredAccountCheck;
}

export interface StaffActor extends NamedActor {
  role: 'staff';
}

export type PersonActor = CustomerActor | StaffActor;

/** The server acting on its own (its thread messages are `system` ones). Frozen: it is shared. */
export const SYSTEM_ACTOR: Readonly<NamedActor> = Object.freeze({
  role: 'system',
  id: 0,
  name: 'system',
});
