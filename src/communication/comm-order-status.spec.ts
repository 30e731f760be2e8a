import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  allowedActions,
  canDo,
  COMM_ORDER_ACTIVITIES,
  COMM_ORDER_NEXT_STATUSES,
  COMM_ORDER_STATUSES,
  COMM_ORDER_TRANSITIONS,
  CommOrderStatus as S,
  findTransition,
  statusesAllowing,
  transitionTableMarkdown,
} from './comm-order-status.js';

describe('communication order status table', () => {
  it('is the issue’s machine: 0 → 1 → 2 → 3|4, 4 → 2, cancel from 0/1/2/4', () => {
    expect(COMM_ORDER_NEXT_STATUSES).toEqual({
      [S.Pending]: [S.InCommunication, S.Quoted, S.Cancelled],
      [S.InCommunication]: [S.Quoted, S.Cancelled],
      [S.Quoted]: [S.Quoted, S.Accepted, S.Rejected, S.Cancelled],
      [S.Rejected]: [S.Quoted, S.Cancelled],
      [S.Accepted]: [],
      [S.Cancelled]: [],
    });
  });

  it('lets only the customer accept or reject, only staff reply or quote, both cancel', () => {
    for (const from of COMM_ORDER_STATUSES) {
      for (const t of COMM_ORDER_TRANSITIONS[from]) {
        if (t.action === 'accept' || t.action === 'reject') expect(t.by).toEqual(['customer']);
        if (t.action === 'reply' || t.action === 'quote') expect(t.by).toEqual(['staff']);
        if (t.action === 'cancel') expect([...t.by].sort()).toEqual(['customer', 'staff']);
      }
    }
    expect(findTransition(S.Quoted, 'accept', 'staff')).toBeUndefined();
    expect(findTransition(S.Quoted, 'accept', 'customer')?.to).toBe(S.Accepted);
    expect(findTransition(S.Accepted, 'cancel', 'customer')).toBeUndefined();
  });

  it('has one transition per (from, action)', () => {
    for (const from of COMM_ORDER_STATUSES) {
      const actions = COMM_ORDER_TRANSITIONS[from].map((t) => t.action);
      expect(new Set(actions).size).toBe(actions.length);
    }
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
    expect(COMM_ORDER_ACTIVITIES.update.in).toEqual([S.Pending, S.InCommunication, S.Rejected]);
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
