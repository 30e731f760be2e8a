import type { ActorRole } from './actor.js';

/**
 * How each stored column (and the wire field that shows it) spells an actor role: the one place
 * the code maps them. The values are the ones AnqiCMS clients, the staff panel and existing rows
 * already hold, so they never change; the code speaks `customer` / `staff` / `system` only.
 */
export const ACTOR_SPELLINGS = {
  /**
   * order_history, payment_history and gateway_refund_history.actor_kind,
   * order_refunds.initiator, and on the wire `actor_kind` and `allowed_from`: AnqiCMS's order log
   * calls staff `admin`.
   */
  actorKind: { customer: 'customer', staff: 'admin', system: 'system' },
  /** comm_order_history.actor_type: this service's own table, the role itself. */
  actorType: { customer: 'customer', staff: 'staff', system: 'system' },
  /** comm_messages.sender_type and attachments.uploader_type: AnqiCMS's `user` and `admin`. */
  senderType: { customer: 'user', staff: 'admin', system: 'system' },
} as const satisfies Record<string, Record<ActorRole, string>>;

export type ActorKind = (typeof ACTOR_SPELLINGS.actorKind)[ActorRole];
