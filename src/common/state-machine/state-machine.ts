import { ACTOR_ROLES, ActorRole } from './actor.js';

/**
 * A status machine as data: per action, from which statuses each actor role may take it and
 * where it leads. Services guard their conditional UPDATEs with `plan`, responses list
 * `allowedActions`, Swagger and the docs show `renderMarkdown`. Functions over a plain
 * definition, so a module's table stays a readable constant.
 */

/** A target that depends on the row, e.g. orders' "back to the status before the refund". */
export interface TargetResolver<S, C> {
  /** How the tables name it ("previous status"). */
  label: string;
  /** Every status it may resolve to: the edges of the graph view, and a check on `resolve`. */
  candidates: readonly S[];
  resolve(context: C | undefined): S | null;
}

/** `'same'`: an activity that is allowed only in some statuses but keeps the status. */
export type ActionTarget<S, C> = S | 'same' | TargetResolver<S, C>;

export interface ActionRule<S, C = undefined> {
  /** From which statuses each role may take the action (absent = never). */
  from: Partial<Record<ActorRole, readonly S[]>>;
  to: ActionTarget<S, C>;
  /** One line for docs and Swagger. */
  description: string;
}

export interface StateMachine<S extends number, A extends string, C = undefined> {
  /** In the order the tables show them. */
  statuses: readonly S[];
  names: Readonly<Record<S, string>>;
  /** In the order `allowedActions` lists them. */
  actions: Readonly<Record<A, ActionRule<S, C>>>;
}

export interface PlannedMove<S> {
  from: S;
  to: S;
}

export function actionNames<S extends number, A extends string, C>(
  machine: StateMachine<S, A, C>,
): A[] {
  return Object.keys(machine.actions) as A[];
}

/** "2 quoted": the number is the wire value, the name is for people. */
function statusCell<S extends number>(
  machine: StateMachine<S, string, unknown>,
  status: S,
): string {
  return `${status} ${machine.names[status]}`;
}

/**
 * What `action` by `role` does to a row in `status`, or null when it is not allowed. Pure: a
 * transition service calls it under a row lock and writes the result. `context` is what a
 * resolver target needs to know about the row.
 */
export function plan<S extends number, A extends string, C>(
  machine: StateMachine<S, A, C>,
  status: S,
  action: A,
  role: ActorRole,
  context?: C,
): PlannedMove<S> | null {
  const rule = machine.actions[action];
  if (!rule.from[role]?.includes(status)) return null;
  const target = rule.to;
  if (target === 'same') return { from: status, to: status };
  if (typeof target !== 'object') return { from: status, to: target };
  const to = target.resolve(context);
  return to !== null && target.candidates.includes(to) ? { from: status, to } : null;
}

/** The actions `role` may take now, in the table's order. */
export function allowedActions<S extends number, A extends string, C>(
  machine: StateMachine<S, A, C>,
  status: S,
  role: ActorRole,
  context?: C,
): A[] {
  return actionNames(machine).filter(
    (action) => plan(machine, status, action, role, context) !== null,
  );
}

/** The statuses in which `role` may take `action` (for error messages). */
export function statusesAllowing<S extends number, A extends string, C>(
  machine: StateMachine<S, A, C>,
  action: A,
  role: ActorRole,
): S[] {
  const from = machine.actions[action].from[role] ?? [];
  return machine.statuses.filter((status) => from.includes(status));
}

/** The roles that may take `action` from `status`, in ACTOR_ROLES order. */
export function rolesAllowed<S extends number, A extends string, C>(
  machine: StateMachine<S, A, C>,
  action: A,
  status: S,
): ActorRole[] {
  const rule = machine.actions[action];
  return ACTOR_ROLES.filter((role) => rule.from[role]?.includes(status));
}

/** The status-changing actions from `status` by anyone, in table order (no `'same'` ones). */
function movesFrom<S extends number, A extends string, C>(
  machine: StateMachine<S, A, C>,
  status: S,
): A[] {
  return actionNames(machine).filter(
    (action) =>
      machine.actions[action].to !== 'same' && rolesAllowed(machine, action, status).length > 0,
  );
}

function targets<S extends number, C>(to: ActionTarget<S, C>): readonly S[] {
  if (to === 'same') return [];
  return typeof to === 'object' ? to.candidates : [to];
}

/** The graph view: which statuses each status can move to. A status with none is final. */
export function nextStatuses<S extends number, A extends string, C>(
  machine: StateMachine<S, A, C>,
): Record<S, readonly S[]> {
  return Object.fromEntries(
    machine.statuses.map((status) => [
      status,
      [
        ...new Set(
          movesFrom(machine, status).flatMap((action) => targets(machine.actions[action].to)),
        ),
      ],
    ]),
  ) as unknown as Record<S, readonly S[]>;
}

/** A column a module adds to the by-action table (orders: the refund_status an action sets). */
export interface ExtraColumn<A extends string> {
  header: string;
  cell(action: A): string;
}

export type TableLayout<A extends string> =
  /** One row per status: its moves and who may make them (status-changing actions only). */
  | { by: 'status' }
  /** One row per action: who may take it from where, where it leads, what it does. */
  | { by: 'action'; columns?: readonly ExtraColumn<A>[] };

/** The machine as a Markdown table, for Swagger descriptions and the docs. */
export function renderMarkdown<S extends number, A extends string, C>(
  machine: StateMachine<S, A, C>,
  layout: TableLayout<A>,
): string {
  const label = (status: S) => statusCell(machine, status);
  const targetLabel = (to: ActionTarget<S, C>) =>
    to === 'same' ? 'same status' : typeof to === 'object' ? to.label : label(to);

  if (layout.by === 'status') {
    const rows = machine.statuses.map((status) => {
      const moves = movesFrom(machine, status)
        .map(
          (action) =>
            `${action} → ${targetLabel(machine.actions[action].to)} (${rolesAllowed(machine, action, status).join(', ')})`,
        )
        .join('; ');
      return `| ${label(status)} | ${moves || '— (final)'} |`;
    });
    return ['| from | action → to (who) |', '| --- | --- |', ...rows].join('\n');
  }

  const columns = layout.columns ?? [];
  const rows = actionNames(machine).map((action) => {
    const rule = machine.actions[action];
    const who = ACTOR_ROLES.filter((role) => rule.from[role] !== undefined)
      .map((role) => `${role}: ${rule.from[role]!.map(label).join(', ')}`)
      .join('; ');
    const extra = columns.map((column) => ` ${column.cell(action)} |`).join('');
    return `| ${action} | ${who} | ${targetLabel(rule.to)} |${extra} ${rule.description} |`;
  });
  const headers = ['action', 'who: from status', 'to status', ...columns.map((c) => c.header)];
  return [
    `| ${headers.join(' | ')} | effect |`,
    `| ${[...headers, 'effect'].map(() => '---').join(' | ')} |`,
    ...rows,
  ].join('\n');
}
