import { jest } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import type { JwtSignOptions } from '@nestjs/jwt';
import type { FastifyRequest } from 'fastify';
import { Strategy } from 'passport-jwt';
import { CUSTOMER_AUDIENCE } from '../../common/auth/principal.js';
import { extractCustomerToken } from '../../common/auth/token-extractors.js';
import {
  isCurrentAccount,
  tokenAccountId,
  tokenStrategyOptions,
  TokenVerifier,
} from './token-account.js';

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

// The AccessGuard's token check must verify exactly as passport-jwt would with the same options:
// if passport-jwt changes how it builds its verify options, this fails first.
describe('TokenVerifier', () => {
  const secret = 'a-test-secret-of-some-length-0123456789';
  const options = tokenStrategyOptions(secret, extractCustomerToken, CUSTOMER_AUDIENCE);
  const verifier = new TokenVerifier(options);
  const request = (headers: Record<string, string>) =>
    ({ headers, url: '/api/user/detail' }) as unknown as FastifyRequest;
  const jwt = new JwtService({ secret });
  const sign = (claims: object, signOptions: JwtSignOptions = {}) =>
    jwt.sign(
      { tv: 0, ...claims },
      {
        algorithm: 'HS256',
        audience: CUSTOMER_AUDIENCE,
        subject: '7',
        expiresIn: 600,
        ...signOptions,
      },
    );

  it('uses the verify options passport-jwt builds from the same strategy options', () => {
    const strategy = new Strategy(options, () => undefined) as unknown as {
      _verifOpts: unknown;
    };
    expect((verifier as unknown as { verifyOptions: unknown }).verifyOptions).toEqual(
      strategy._verifOpts,
    );
  });

  it('gives the claims of a good token and nothing where passport-jwt would refuse', async () => {
    const good = sign({});
    expect(await verifier.claims(request({ token: good }))).toMatchObject({ sub: '7', tv: 0 });
    expect(await verifier.claims(request({ authorization: `Bearer ${good}` }))).toMatchObject({
      sub: '7',
    });
    expect(await verifier.claims(request({}))).toBeUndefined();
    expect(await verifier.claims(request({ token: sign({}, { audience: 'admin' }) }))).toBe(
      undefined,
    );
    expect(await verifier.claims(request({ token: sign({}, { expiresIn: -10 }) }))).toBe(undefined);
    expect(await verifier.claims(request({ token: `${good}x` }))).toBeUndefined();
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const exp = Math.floor(Date.now() / 1000) + 600;
    const none = `${part({ alg: 'none', typ: 'JWT' })}.${part({ tv: 0, sub: '7', aud: CUSTOMER_AUDIENCE, exp })}.`;
    expect(await verifier.claims(request({ token: none }))).toBeUndefined();
  });

  it('checks the time again on every use of a token it verified before', async () => {
    const fresh = new TokenVerifier(options);
    const token = sign({}, { expiresIn: 60, notBefore: 0 });
    const start = Date.now();
    const at = (ms: number) => jest.spyOn(Date, 'now').mockReturnValue(ms);
    try {
      expect(await fresh.claims(request({ token }))).toMatchObject({ sub: '7' });
      at(start + 30_000);
      expect(await fresh.claims(request({ token }))).toMatchObject({ sub: '7' });
      // Not valid before its `nbf` (a clock set back), expired from its `exp` on: as jsonwebtoken.
      at(start - 10_000);
      expect(await fresh.claims(request({ token }))).toBeUndefined();
      at(start + 61_000);
      expect(await fresh.claims(request({ token }))).toBeUndefined();
      at(start + 30_000);
      expect(await fresh.claims(request({ token }))).toMatchObject({ sub: '7' });
      // A changed character is another string: verified anew, and refused.
      expect(await fresh.claims(request({ token: `${token.slice(0, -2)}AA` }))).toBeUndefined();
    } finally {
      jest.restoreAllMocks();
    }
  });
});
