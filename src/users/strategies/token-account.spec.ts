import { isCurrentAccount, tokenStrategyOptions } from './token-account.js';

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
