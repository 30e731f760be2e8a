import { SYSTEM_ACTOR } from '../../common/state-machine/actor.js';
import { OrderLookup } from './order.lookup.js';

// The SQL-building half of OrderLookup (no database involved); the locks and the rule against
// real rows are tested in test/e2e/order-lookup.e2e-spec.ts.
describe('OrderLookup conditions', () => {
  const lookup = new OrderLookup();
  const buyer = { role: 'customer', id: 7 } as const;

  it('names an order by number or id and keeps a customer to their own, numbering after params', () => {
    const params: unknown[] = ['earlier'];
    expect(lookup.whereVisible({ orderId: 'N1' }, buyer, params)).toBe(
      'o.order_id = $2 AND o.user_id = $3',
    );
    expect(params).toEqual(['earlier', 'N1', 7]);
    const byId: unknown[] = [];
    expect(lookup.whereVisible({ id: 5 }, buyer, byId, 'x')).toBe('x.id = $1 AND x.user_id = $2');
    expect(byId).toEqual([5, 7]);
  });

  it('adds no buyer condition for staff or the system', () => {
    const params: unknown[] = [];
    expect(lookup.whereVisible({ id: 5 }, { role: 'staff', id: 1 }, params)).toBe('o.id = $1');
    expect(lookup.whereVisible({ orderId: 'N1' }, SYSTEM_ACTOR, params)).toBe('o.order_id = $2');
    expect(params).toEqual([5, 'N1']);
  });

  it('scopes a list filter to the buyer only for customers', () => {
    expect(lookup.listScope(buyer)).toEqual({ buyerId: 7 });
    expect(lookup.listScope({ role: 'staff', id: 1 })).toEqual({});
    expect(lookup.listScope(SYSTEM_ACTOR)).toEqual({});
  });
});
