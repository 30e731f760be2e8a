import { isCurrentAccount, tokenAccountId, tokenStrategyOptions } from './token-account.js';

describe('isCurrentAccount', () => {
  const account = { id: 7, user_name: 'ann', status: 1, token_version: 3 };

  it('accepts an active account whose token version matches', () => {
    expect(isCurrentAccount(account, { tv: 3 })).toBe(true);
  });

  it('refuses a missing, disabled or re-keyed account', () => {
    expect(isCurrentAccount(undefined, { tv: 3 })).toBe(false);
    expect(isCurrentAccount({ ...account, status: 0 }, { tv: 3 })).toBe(false);
    expect(isCurrentAccount(account, { tv: 2 })).toBe(false);
  });
});

describe('tokenStrategyOptions', () => {
  it('pins HS256, the audience, and passes the request on', () => {
    const options = tokenStrategyOptions('x'.repeat(32), () => null, 'admin');
    expect(options).toMatchObject({
      algorithms: ['HS256'],
      audience: 'admin',
      passReqToCallback: true,
    });
  });
});

describe('tokenAccountId', () => {
  const good = { sub: '42', tv: 0, exp: 2_000_000_000, iat: 1_900_000_000 };

  it('reads the account id of a token shaped as we sign them', () => {
    expect(tokenAccountId(good)).toBe(42);
    expect(tokenAccountId({ ...good, sub: '2147483647' })).toBe(2147483647);
  });

  it.each([
    ['a word', { sub: 'abc' }],
    ['a fraction', { sub: '1.5' }],
    ['a number instead of a string', { sub: 42 }],
    ['a leading zero', { sub: '042' }],
    ['a sign', { sub: '-1' }],
    ['zero', { sub: '0' }],
    ['past the integer column', { sub: '2147483648' }],
    ['an exponent', { sub: '1e3' }],
    ['whitespace', { sub: ' 1' }],
    ['a string version', { tv: '0' }],
    ['a fractional version', { tv: 0.5 }],
    ['no expiry', { exp: undefined }],
    ['a string issue time', { iat: '1900000000' }],
  ])('refuses %s', (_, change) => {
    expect(tokenAccountId({ ...good, ...change })).toBeUndefined();
  });

  it('refuses what is not an object', () => {
    expect(tokenAccountId(undefined)).toBeUndefined();
    expect(tokenAccountId('42')).toBeUndefined();
  });
});
