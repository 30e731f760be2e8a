import { SYSTEM_ACTOR } from '../common/state-machine/actor.js';
import type { Actor, ActorRole } from '../common/state-machine/actor.js';

/**
 * Who acts on a request: the role, the account id (users.id, admins.id, 0 for the system) and a
 * display name for the thread. The transition service, the thread writer and the lookup take any
 * actor; the use cases behind the routes take a CommParticipant (a person on one side).
 */
export interface CommActor extends Actor {
  role: ActorRole;
  name: string;
}

/** The two sides of a thread: the customer and staff. */
export type CommSide = Exclude<ActorRole, 'system'>;

/** A person on one side of a thread (what the controllers make from a token). */
export interface CommParticipant extends CommActor {
  role: CommSide;
}

/** The server acting on a request (the quote-expiry job); its messages are `system` messages. */
export const SYSTEM_COMM_ACTOR: Readonly<CommActor> = Object.freeze({
  ...SYSTEM_ACTOR,
  name: 'system',
});
