import { canonicalJson, parseIdempotencyKey, requestFingerprint } from './request-fingerprint.js';

describe('request fingerprint', () => {
  it('ignores key order and spacing, not values or types', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { y: 1, x: 0 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"x":0,"y":1}]},"b":1}',
    );
    const a = requestFingerprint('POST', '/api/order/create', { goods_id: 1, quantity: 2 });
    expect(requestFingerprint('post', '/api/order/create', { quantity: 2, goods_id: 1 })).toBe(a);
    expect(
      requestFingerprint('POST', '/api/order/create', { quantity: '2', goods_id: 1 }),
    ).not.toBe(a);
    expect(requestFingerprint('POST', '/api/order/cancel', { quantity: 2, goods_id: 1 })).not.toBe(
      a,
    );
    expect(
      requestFingerprint('POST', '/api/order/create?x=1', { quantity: 2, goods_id: 1 }),
    ).not.toBe(a);
  });

  it('refuses absurdly deep bodies with a validation error instead of overflowing the stack', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i++) deep = [deep];
    expect(() => requestFingerprint('POST', '/p', deep)).toThrow(/nested deeper/);
  });

  it('tells an absent body from an empty object', () => {
    expect(requestFingerprint('POST', '/p', undefined)).not.toBe(
      requestFingerprint('POST', '/p', {}),
    );
  });
});

describe('parseIdempotencyKey', () => {
  it.each([
    [undefined, undefined],
    ['8e03978e-40d5-43e8-bc93-6894a57f9324', '8e03978e-40d5-43e8-bc93-6894a57f9324'],
    ['"8e03978e-40d5"', '8e03978e-40d5'],
    ['  abc  ', 'abc'],
    ['', null],
    ['""', null],
    ['a'.repeat(255), 'a'.repeat(255)],
    ['a'.repeat(256), null],
    ['bad\u0000key', null],
    ['ключ', null],
    [['a', 'b'], null],
  ])('%j → %j', (header, expected) => {
    expect(parseIdempotencyKey(header)).toBe(expected);
  });
});
