/**
 * The status machine of a communication order (customization request). This file is the one
 * source of truth: the transition service, `allowed_actions`, Swagger descriptions, the docs and
 * the tests all read this table.
 */
import type { ActorRole } from '../common/state-machine/actor.js';
import {
  allowedActions as genericAllowedActions,
  nextStatuses,
  plan,
  PlannedMove,
  renderMarkdown,
  StateMachine,
  statusesAllowing as genericStatusesAllowing,
} from '../common/state-machine/state-machine.js';

export enum CommOrderStatus {
  Cancelled = -1,
  Pending = 0,
  InCommunication = 1,
  Quoted = 2,
  Accepted = 3,
  Rejected = 4,
}

export const COMM_ORDER_STATUSES: readonly CommOrderStatus[] = [
  CommOrderStatus.Pending,
  CommOrderStatus.InCommunication,
  CommOrderStatus.Quoted,
  CommOrderStatus.Accepted,
  CommOrderStatus.Rejected,
  CommOrderStatus.Cancelled,
];

export const COMM_ORDER_STATUS_NAMES: Record<CommOrderStatus, string> = {
  [CommOrderStatus.Cancelled]: 'cancelled',
  [CommOrderStatus.Pending]: 'pending',
  [CommOrderStatus.InCommunication]: 'in communication',
  [CommOrderStatus.Quoted]: 'quoted',
  [CommOrderStatus.Accepted]: 'accepted',
  [CommOrderStatus.Rejected]: 'rejected',
};

/** Actions that change the status. */
export type CommTransitionAction = 'reply' | 'quote' | 'accept' | 'reject' | 'cancel' | 'expire';

/** Actions that keep the status but are only allowed in some statuses. */
export type CommActivity = 'send_message' | 'update' | 'images';

/**
 * What `allowed_actions` lists (`reply` is not listed: it happens through `send_message`;
 * `expire` is the server's alone).
 */
export type CommAction = Exclude<CommTransitionAction, 'reply' | 'expire'> | CommActivity;

const S = CommOrderStatus;
const OPEN = [S.Pending, S.InCommunication, S.Quoted, S.Accepted, S.Rejected];

/**
 * THE table: status-changing actions first, then the activities (which keep the status); this
 * is also the order of `allowed_actions`.
 * - `reply` is the first staff message on a pending request (it also assigns `admin_id`).
 * - `quote` from `quoted` supersedes the current quote (a new version); from `rejected` it is a
 *   fresh offer after the customer said no.
 * - `accepted` and `cancelled` have no way out: an accepted request is done as far as the quote
 *   goes (messages and finished images may continue).
 */
export const COMM_ORDER_MACHINE: StateMachine<
  CommOrderStatus,
  CommTransitionAction | CommActivity
> = {
  statuses: COMM_ORDER_STATUSES,
  names: COMM_ORDER_STATUS_NAMES,
  actions: {
    reply: {
      to: S.InCommunication,
      from: { staff: [S.Pending] },
      description: 'The first staff message on a pending request; assigns admin_id',
    },
    quote: {
      to: S.Quoted,
      from: { staff: [S.Pending, S.InCommunication, S.Quoted, S.Rejected] },
      description: 'A quote; while quoted it supersedes the current one (a new version)',
    },
    accept: {
      to: S.Accepted,
      from: { customer: [S.Quoted] },
      description: 'The customer accepts the quote: one shop order at the quoted price',
    },
    reject: {
      to: S.Rejected,
      from: { customer: [S.Quoted] },
      description: 'The customer rejects the quote; staff may quote again',
    },
    cancel: {
      to: S.Cancelled,
      from: {
        customer: [S.Pending, S.InCommunication, S.Quoted, S.Rejected],
        staff: [S.Pending, S.InCommunication, S.Quoted, S.Rejected],
      },
      description: 'Cancelled by either side before the quote is accepted',
    },
    expire: {
      to: S.InCommunication,
      from: { system: [S.Quoted] },
      description:
        'The quote passed its valid_until unanswered (the quote-expiry job); staff may quote again',
    },
    send_message: {
      to: 'same',
      from: { customer: OPEN, staff: OPEN },
      description: 'A message in the thread (not once cancelled)',
    },
    update: {
      to: 'same',
      from: { customer: [S.Pending, S.InCommunication, S.Rejected] },
      description: 'The customer edits the request',
    },
    images: {
      to: 'same',
      from: { staff: OPEN },
      description: 'Staff add (finished) images',
    },
  },
};

/** The plain graph view of the table (which statuses each status can move to). */
export const COMM_ORDER_NEXT_STATUSES = nextStatuses(COMM_ORDER_MACHINE);

/** Where `action` by `role` leads from `from`; undefined when it is not allowed. */
export function findTransition(
  from: CommOrderStatus,
  action: CommTransitionAction,
  role: ActorRole,
): PlannedMove<CommOrderStatus> | undefined {
  return plan(COMM_ORDER_MACHINE, from, action, role) ?? undefined;
}

/** Whether `role` may take an activity (an action that keeps the status) in `status`. */
export function canDo(status: CommOrderStatus, activity: CommActivity, role: ActorRole): boolean {
  return plan(COMM_ORDER_MACHINE, status, activity, role) !== null;
}

/** `allowed_actions` for one role: status-changing actions first (table order), then activities. */
export function allowedActions(status: CommOrderStatus, role: ActorRole): CommAction[] {
  return genericAllowedActions(COMM_ORDER_MACHINE, status, role).filter(
    (action): action is CommAction => action !== 'reply' && action !== 'expire',
  );
}

export function statusLabel(status: CommOrderStatus): string {
  return `${COMM_ORDER_STATUS_NAMES[status]} (status ${status})`;
}

/** The statuses in which an action is allowed for a role, for error messages. */
export function statusesAllowing(
  action: CommTransitionAction | CommActivity,
  role: ActorRole,
): CommOrderStatus[] {
  return genericStatusesAllowing(COMM_ORDER_MACHINE, action, role);
}

/** The transition table as Markdown (Swagger descriptions and docs/communication.md). */
export function transitionTableMarkdown(): string {
  return renderMarkdown(COMM_ORDER_MACHINE, { by: 'status' });
}
