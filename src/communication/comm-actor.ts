import type { Actor, ActorRole } from '../common/state-machine/actor.js';

/**
 * Who acts on a request: the role (customer or staff), the account id (users.id or admins.id),
 * and a display name for the thread.
 */
export interface CommActor extends Actor {
  /** The server writes its own thread messages without an actor (`system` messages). */
  role: Exclude<ActorRole, 'system'>;
  name: string;
}
