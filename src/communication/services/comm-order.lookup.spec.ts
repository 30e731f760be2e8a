import type { CommActor } from '../comm-actor.js';
import { CommOrderLookup } from './comm-order.lookup.js';
import { SqlParams } from '../../common/database/sql-params.js';

// The condition-building half of CommOrderLookup (no database involved); the locks and the rule
// against real rows are tested in test/e2e/comm-order-lookup.e2e-spec.ts.
describe('CommOrderLookup conditions', () => {
  const lookup = new CommOrderLookup();
  const customer: CommActor = { role: 'customer', id: 7, name: 'c' };
  const staff: CommActor = { role: 'staff', id: 1, name: 's' };

  it('keeps a customer to their own requests, numbering after the params already there', () => {
    const params = new SqlParams();
    params.add('earlier');
    expect(lookup.whereVisible(3, customer, params)).toBe('o.id = $2 AND o.user_id = $3');
    expect(params.values).toEqual(['earlier', 3, 7]);
    const list = new SqlParams();
    expect(lookup.listWhere(customer, list, 'r')).toEqual(['r.user_id = $1']);
    expect(list.values).toEqual([7]);
    expect(lookup.ownerWhere(customer)).toEqual({ userId: 7 });
  });

  it('adds nothing for staff', () => {
    const params = new SqlParams();
    expect(lookup.whereVisible(3, staff, params)).toBe('o.id = $1');
    expect(lookup.listWhere(staff, params)).toEqual([]);
    expect(params.values).toEqual([3]);
    expect(lookup.ownerWhere(staff)).toEqual({});
  });
});
