import { SYSTEM_ACTOR } from '../../common/state-machine/actor.js';
import { OrderLookup } from './order.lookup.js';

// Which orders an actor reaches is tested against real rows in test/e2e/order-lookup.e2e-spec.ts
// (the lock, the raw-SQL condition under any alias and after other values, the list filter);
// here only the list scope, which is plain data.
describe('OrderLookup list scope', () => {
  const lookup = new OrderLookup();

  it('scopes a list filter to the buyer only for customers', () => {
    expect(lookup.listScope({ role: 'customer', id: 7 })).toEqual({ buyerId: 7 });
    expect(lookup.listScope({ role: 'staff', id: 1 })).toEqual({});
    expect(lookup.listScope(SYSTEM_ACTOR)).toEqual({});
  });
});
