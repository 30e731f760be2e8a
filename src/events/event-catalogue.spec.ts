import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { roleMay, STAFF_ROLES } from '../common/auth/staff-roles.js';
import {
  COMM_TRANSITION_EVENTS,
  EVENT_TYPE_NAMES,
  EVENT_TYPES,
  eventIds,
  ORDER_TRANSITION_EVENTS,
  renderEventCatalogue,
  staffRolesSeeing,
  typesVisibleTo,
} from './event-catalogue.js';

describe('the event catalogue', () => {
  it('names every type <aggregate>.<what happened>, within the column width', () => {
    for (const type of EVENT_TYPE_NAMES) {
      expect(type).toMatch(/^(comm|order|payment)\.[a-z_]+(\.[a-z_]+)?$/);
      expect(type.length).toBeLessThanOrEqual(48);
    }
  });

  it('maps every state-machine action to a type of the catalogue', () => {
    for (const type of [
      ...Object.values(COMM_TRANSITION_EVENTS),
      ...Object.values(ORDER_TRANSITION_EVENTS),
    ])
      expect(EVENT_TYPE_NAMES).toContain(type);
  });

  it('lets each role see its part: service requests, fulfilment orders, finance money, owner all', () => {
    const seen = (role: string) =>
      typesVisibleTo({ role: 'staff' }, (p) => roleMay(role, p)).map((t) => t.split('.')[0]);
    expect(new Set(seen('service'))).toEqual(new Set(['comm']));
    expect(new Set(seen('fulfilment'))).toEqual(new Set(['order']));
    expect(new Set(seen('finance'))).toEqual(new Set(['order', 'payment']));
    expect(typesVisibleTo({ role: 'staff' }, (p) => roleMay('owner', p))).toEqual(EVENT_TYPE_NAMES);
    for (const type of EVENT_TYPE_NAMES) expect(staffRolesSeeing(type)).toContain('owner');
    // Customers see what is about them, except a refund staff must act on.
    expect(typesVisibleTo({ role: 'customer' }, () => false)).toEqual(
      EVENT_TYPE_NAMES.filter((t) => t !== 'payment.failed'),
    );
  });

  it('names the ids of its subject', () => {
    expect(eventIds('comm.quote.accepted')).toEqual(['comm_order_id', 'order_id', 'message_id']);
    expect(eventIds('order.paid')).toEqual(['order_id', '(comm_order_id)']);
    for (const type of EVENT_TYPE_NAMES)
      expect(eventIds(type).includes('message_id')).toBe('message' in EVENT_TYPES[type]);
  });

  it('renders one row per type with a column per staff role', () => {
    const table = renderEventCatalogue();
    const lines = table.split('\n');
    expect(lines).toHaveLength(EVENT_TYPE_NAMES.length + 2);
    expect(lines[0]).toBe(
      `| Type | About | What happened | Ids | customer | ${STAFF_ROLES.join(' | ')} |`,
    );
    expect(table).toContain(
      '| `payment.failed` | payment | A gateway refused a refund for good: the money did not go back and staff must act | `order_id`, `(comm_order_id)` |  | ✓ |  |  | ✓ |',
    );
  });

  it('is exactly what docs/events.md shows between its markers', () => {
    const doc = readFileSync(join(process.cwd(), 'docs', 'events.md'), 'utf8');
    const between = /<!-- event-catalogue:start -->\n([\s\S]*?)\n<!-- event-catalogue:end -->/.exec(
      doc,
    );
    expect(between?.[1]).toBe(renderEventCatalogue());
  });
});
