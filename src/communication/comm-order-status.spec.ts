import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACTOR_ROLES, ActorRole } from '../common/state-machine/actor.js';
import { rolesAllowed } from '../common/state-machine/state-machine.js';
import {
  allowedActions,
  canDo,
  CommActivity,
  COMM_ORDER_MACHINE,
  COMM_ORDER_NEXT_STATUSES,
  COMM_ORDER_STATUSES,
  CommOrderStatus as S,
  CommTransitionAction,
  findTransition,
  statusesAllowing,
  transitionTableMarkdown,
} from './comm-order-status.js';

const MOVES: readonly CommTransitionAction[] = ['reply', 'quote', 'accept', 'reject', 'cancel'];

describe('communication order status table', () => {
  it('is the issue’s machine: 0 → 1 → 2 → 3|4, 4 → 2, cancel from 0/1/2/4, an expired quote 2 → 1', () => {
    expect(COMM_ORDER_NEXT_STATUSES).toEqual({
      [S.Pending]: [S.InCommunication, S.Quoted, S.Cancelled],
      [S.InCommunication]: [S.Quoted, S.Cancelled],
      [S.Quoted]: [S.Quoted, S.Accepted, S.Rejected, S.Cancelled, S.InCommunication],
      [S.Rejected]: [S.Quoted, S.Cancelled],
      [S.Accepted]: [],
      [S.Cancelled]: [],
    });
  });

  it('lets only the customer accept or reject, only staff reply or quote, both cancel', () => {
    for (const from of COMM_ORDER_STATUSES) {
      for (const action of MOVES) {
        const by = rolesAllowed(COMM_ORDER_MACHINE, action, from);
        if (!by.length) continue;
        if (action === 'accept' || action === 'reject') expect(by).toEqual(['customer']);
        if (action === 'reply' || action === 'quote') expect(by).toEqual(['staff']);
        if (action === 'cancel') expect([...by].sort()).toEqual(['customer', 'staff']);
      }
    }
    expect(findTransition(S.Quoted, 'accept', 'staff')).toBeUndefined();
    expect(findTransition(S.Quoted, 'accept', 'customer')?.to).toBe(S.Accepted);
    expect(findTransition(S.Accepted, 'cancel', 'customer')).toBeUndefined();
  });

  it('answers every (status, action, role) as docs/communication.md writes it, and nothing else', () => {
    // Written by hand from the doc's table, not derived from COMM_ORDER_MACHINE: each status
    // lists the moves it allows (action → target, by whom); every other combination is refused.
    const C = 'customer' as const;
    const St = 'staff' as const;
    const Sys = 'system' as const;
    const EXPECTED: Record<
      S,
      Partial<Record<CommTransitionAction, Partial<Record<ActorRole, S>>>>
    > = {
      [S.Pending]: {
        reply: { [St]: S.InCommunication },
        quote: { [St]: S.Quoted },
        cancel: { [C]: S.Cancelled, [St]: S.Cancelled },
      },
      [S.InCommunication]: {
        quote: { [St]: S.Quoted },
        cancel: { [C]: S.Cancelled, [St]: S.Cancelled },
      },
      [S.Quoted]: {
        quote: { [St]: S.Quoted },
        accept: { [C]: S.Accepted },
        reject: { [C]: S.Rejected },
        cancel: { [C]: S.Cancelled, [St]: S.Cancelled },
        expire: { [Sys]: S.InCommunication },
      },
      [S.Rejected]: {
        quote: { [St]: S.Quoted },
        cancel: { [C]: S.Cancelled, [St]: S.Cancelled },
      },
      [S.Accepted]: {},
      [S.Cancelled]: {},
    };
    const ACTIONS: readonly CommTransitionAction[] = [...MOVES, 'expire'];
    const seen: string[] = [];
    const expected: string[] = [];
    for (const from of COMM_ORDER_STATUSES)
      for (const action of ACTIONS)
        for (const role of ACTOR_ROLES) {
          const to = findTransition(from, action, role)?.to;
          seen.push(`${from} ${action} by ${role} → ${to ?? 'refused'}`);
          expected.push(
            `${from} ${action} by ${role} → ${EXPECTED[from][action]?.[role] ?? 'refused'}`,
          );
        }
    expect(seen).toEqual(expected);
    // The machine has no status-changing action the hand table does not know.
    expect(
      Object.entries(COMM_ORDER_MACHINE.actions)
        .filter(([, a]) => a.to !== 'same')
        .map(([name]) => name)
        .sort(),
    ).toEqual([...ACTIONS].sort());
  });

  it('allows the activities that keep the status exactly where the doc says', () => {
    const OPEN = [S.Pending, S.InCommunication, S.Quoted, S.Accepted, S.Rejected];
    const EXPECTED: Record<CommActivity, Partial<Record<ActorRole, readonly S[]>>> = {
      send_message: { customer: OPEN, staff: OPEN },
      update: { customer: [S.Pending, S.InCommunication, S.Rejected] },
      images: { staff: OPEN },
    };
    for (const [activity, byRole] of Object.entries(EXPECTED) as [
      CommActivity,
      (typeof EXPECTED)[CommActivity],
    ][])
      for (const role of ACTOR_ROLES)
        for (const status of COMM_ORDER_STATUSES)
          expect(`${activity} by ${role} in ${status}: ${canDo(status, activity, role)}`).toBe(
            `${activity} by ${role} in ${status}: ${(byRole[role] ?? []).includes(status)}`,
          );
  });

  it('computes allowed_actions for each side from the tables', () => {
    expect(allowedActions(S.Quoted, 'customer')).toEqual([
      'accept',
      'reject',
      'cancel',
      'send_message',
    ]);
    expect(allowedActions(S.Pending, 'customer')).toEqual(['cancel', 'send_message', 'update']);
    expect(allowedActions(S.Pending, 'staff')).toEqual([
      'quote',
      'cancel',
      'send_message',
      'images',
    ]);
    expect(allowedActions(S.Accepted, 'customer')).toEqual(['send_message']);
    expect(allowedActions(S.Accepted, 'staff')).toEqual(['send_message', 'images']);
    expect(allowedActions(S.Cancelled, 'customer')).toEqual([]);
    expect(allowedActions(S.Cancelled, 'staff')).toEqual([]);
  });

  it('allows updates only while pending, in communication or rejected', () => {
    expect(statusesAllowing('update', 'customer')).toEqual([
      S.Pending,
      S.InCommunication,
      S.Rejected,
    ]);
    expect(canDo(S.Quoted, 'update', 'customer')).toBe(false);
    expect(canDo(S.Pending, 'update', 'staff')).toBe(false);
    expect(statusesAllowing('accept', 'customer')).toEqual([S.Quoted]);
    expect(statusesAllowing('cancel', 'staff')).toEqual([
      S.Pending,
      S.InCommunication,
      S.Quoted,
      S.Rejected,
    ]);
  });

  it('renders as a Markdown table for the docs', () => {
    const table = transitionTableMarkdown();
    expect(table).toContain(
      '| 2 quoted | quote → 2 quoted (staff); accept → 3 accepted (customer)',
    );
    expect(table).toContain('| 3 accepted | — (final) |');
  });

  it('is what docs/communication.md shows', () => {
    const doc = readFileSync(join(process.cwd(), 'docs', 'communication.md'), 'utf8');
    expect(doc).toContain(transitionTableMarkdown());
  });
});
