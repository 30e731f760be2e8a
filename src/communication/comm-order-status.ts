/**
 * The status machine of a communication order (customization request). This file is the one
 * source of truth: the transition service, `allowed_actions`, Swagger descriptions, the docs and
 * the tests all read these tables.
 */
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

/** The two sides of a conversation. (`system` messages are written by the server itself.) */
export type CommSide = 'customer' | 'staff';

/** Actions that change the status. */
export type CommTransitionAction = 'reply' | 'quote' | 'accept' | 'reject' | 'cancel';

/** Actions that keep the status but are only allowed in some statuses. */
export type CommActivity = 'send_message' | 'update' | 'images';

/** What `allowed_actions` lists (`reply` is not listed: it happens through `send_message`). */
export type CommAction = Exclude<CommTransitionAction, 'reply'> | CommActivity;

export interface CommTransition {
  action: CommTransitionAction;
  to: CommOrderStatus;
  by: readonly CommSide[];
}

const S = CommOrderStatus;
const BOTH: readonly CommSide[] = ['customer', 'staff'];

/**
 * THE transition table: from each status, which action leads where and which side may take it.
 * - `reply` is the first staff message on a pending request (it also assigns `admin_id`).
 * - `quote` from `quoted` supersedes the current quote (a new version); from `rejected` it is a
 *   fresh offer after the customer said no.
 * - `accepted` and `cancelled` have no way out: an accepted request is done as far as the quote
 *   goes (messages and finished images may continue, see COMM_ORDER_ACTIVITIES).
 */
export const COMM_ORDER_TRANSITIONS: Record<CommOrderStatus, readonly CommTransition[]> = {
  [S.Pending]: [
    { action: 'reply', to: S.InCommunication, by: ['staff'] },
    { action: 'quote', to: S.Quoted, by: ['staff'] },
    { action: 'cancel', to: S.Cancelled, by: BOTH },
  ],
  [S.InCommunication]: [
    { action: 'quote', to: S.Quoted, by: ['staff'] },
    { action: 'cancel', to: S.Cancelled, by: BOTH },
  ],
  [S.Quoted]: [
    { action: 'quote', to: S.Quoted, by: ['staff'] },
    { action: 'accept', to: S.Accepted, by: ['customer'] },
    { action: 'reject', to: S.Rejected, by: ['customer'] },
    { action: 'cancel', to: S.Cancelled, by: BOTH },
  ],
  [S.Rejected]: [
    { action: 'quote', to: S.Quoted, by: ['staff'] },
    { action: 'cancel', to: S.Cancelled, by: BOTH },
  ],
  [S.Accepted]: [],
  [S.Cancelled]: [],
};

/** Non-status actions: the statuses they are allowed in and which side may take them. */
export const COMM_ORDER_ACTIVITIES: Record<
  CommActivity,
  { in: readonly CommOrderStatus[]; by: readonly CommSide[] }
> = {
  send_message: {
    in: [S.Pending, S.InCommunication, S.Quoted, S.Accepted, S.Rejected],
    by: BOTH,
  },
  update: { in: [S.Pending, S.InCommunication, S.Rejected], by: ['customer'] },
  images: {
    in: [S.Pending, S.InCommunication, S.Quoted, S.Accepted, S.Rejected],
    by: ['staff'],
  },
};

/** The plain graph view of the table (which statuses each status can move to). */
export const COMM_ORDER_NEXT_STATUSES: Record<CommOrderStatus, readonly CommOrderStatus[]> =
  Object.fromEntries(
    COMM_ORDER_STATUSES.map((from) => [
      from,
      [...new Set(COMM_ORDER_TRANSITIONS[from].map((t) => t.to))],
    ]),
  ) as unknown as Record<CommOrderStatus, readonly CommOrderStatus[]>;

export function isCommOrderStatus(value: number): value is CommOrderStatus {
  return (COMM_ORDER_STATUSES as readonly number[]).includes(value);
}

export function findTransition(
  from: CommOrderStatus,
  action: CommTransitionAction,
  side: CommSide,
): CommTransition | undefined {
  return COMM_ORDER_TRANSITIONS[from].find((t) => t.action === action && t.by.includes(side));
}

export function canDo(status: CommOrderStatus, activity: CommActivity, side: CommSide): boolean {
  const rule = COMM_ORDER_ACTIVITIES[activity];
  return rule.in.includes(status) && rule.by.includes(side);
}

/** `allowed_actions` for one side: status-changing actions first (table order), then activities. */
export function allowedActions(status: CommOrderStatus, side: CommSide): CommAction[] {
  const actions: CommAction[] = [];
  for (const t of COMM_ORDER_TRANSITIONS[status]) {
    if (t.action !== 'reply' && t.by.includes(side) && !actions.includes(t.action)) {
      actions.push(t.action);
    }
  }
  for (const activity of Object.keys(COMM_ORDER_ACTIVITIES) as CommActivity[]) {
    if (canDo(status, activity, side)) actions.push(activity);
  }
  return actions;
}

export function statusLabel(status: CommOrderStatus): string {
  return `${COMM_ORDER_STATUS_NAMES[status]} (status ${status})`;
}

/** The statuses in which an action is allowed for a side, for error messages. */
export function statusesAllowing(action: CommTransitionAction | CommActivity, side: CommSide) {
  if (action in COMM_ORDER_ACTIVITIES) {
    const rule = COMM_ORDER_ACTIVITIES[action as CommActivity];
    return rule.by.includes(side) ? rule.in : [];
  }
  return COMM_ORDER_STATUSES.filter((s) => findTransition(s, action as CommTransitionAction, side));
}

/** The transition table as Markdown (Swagger descriptions and docs/communication.md). */
export function transitionTableMarkdown(): string {
  const rows = COMM_ORDER_STATUSES.map((from) => {
    const moves = COMM_ORDER_TRANSITIONS[from]
      .map((t) => `${t.action} → ${t.to} ${COMM_ORDER_STATUS_NAMES[t.to]} (${t.by.join(', ')})`)
      .join('; ');
    return `| ${from} ${COMM_ORDER_STATUS_NAMES[from]} | ${moves || '— (final)'} |`;
  });
  return ['| from | action → to (who) |', '| --- | --- |', ...rows].join('\n');
}
