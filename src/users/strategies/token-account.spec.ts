import { JwtService } from '@nestjs/jwt';
import type { JwtSignOptions } from '@nestjs/jwt';
import type { FastifyRequest } from 'fastify';
import { Strategy } from 'passport-jwt';
import { CUSTOMER_AUDIENCE } from '../../common/auth/principal.js';
import { extractCustomerToken } from '../../common/auth/token-extractors.js';
import { tokenStrategyOptions, TokenVerifier } from './token-account.js';

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
});
