import { EVENT_DATE, orderExtraProblem } from './comm-validators.js';

describe('communication input rules', () => {
  it('accepts a flat order_extra of strings and numbers', () => {
    expect(orderExtraProblem({ delivery_time: '2023-12-31', budget: 10000 }, 'order_extra')).toBe(
      undefined,
    );
    expect(orderExtraProblem({}, 'order_extra')).toBeUndefined();
  });

  it.each([
    [[], /must be an object/],
    ['x', /must be an object/],
    [null, /must be an object/],
    [{ a: { nested: 1 } }, /order_extra\.a must be a string or a number/],
    [{ a: [1] }, /nested objects and arrays/],
    [{ a: true }, /string or a number/],
    [{ '': 'x' }, /field names/],
    [{ ['k'.repeat(65)]: 'x' }, /field names/],
    [{ a: 'v'.repeat(1001) }, /at most 1000 characters/],
    [Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`k${i}`, i])), /at most 30 fields/],
    [Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, 'v'.repeat(900)])), /KB/],
  ])('refuses %p', (value, message) => {
    expect(orderExtraProblem(value, 'order_extra')).toMatch(message);
  });

  it('knows event dates', () => {
    expect(EVENT_DATE.test('2023-12-31')).toBe(true);
    expect(EVENT_DATE.test('2023-12-31 18:30')).toBe(true);
    expect(EVENT_DATE.test('')).toBe(true);
    expect(EVENT_DATE.test('next week')).toBe(false);
  });
});
