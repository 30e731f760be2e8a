/**
 * Who acts on something with a status: the buyer, a staff member, or the server itself (jobs,
 * gateway notifications, settlements). One vocabulary for every state machine; the stored and
 * wire names of each table (AnqiCMS's `admin`, `user`...) are mapped where they are written.
 */
export const ACTOR_ROLES = ['customer', 'staff', 'system'] as const;
export type ActorRole = (typeof ACTOR_ROLES)[number];

export interface Actor {
  role: ActorRole;
  /** users.id for customers, admins.id for staff, 0 for the system. */
  id: number;
}

/** The server acting on its own. Frozen: it is shared by every caller. */
export const SYSTEM_ACTOR: Readonly<Actor> = Object.freeze({ role: 'system', id: 0 });
