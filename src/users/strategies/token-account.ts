import type { FastifyRequest } from 'fastify';
import { Strategy } from 'passport-jwt';
import type { JwtFromRequestFunction, StrategyOptions } from 'passport-jwt';
import type { ObjectLiteral, Repository } from 'typeorm';
import type { TokenClaims } from '../services/token.service.js';
import { jwtVerificationKey } from './jwt-verification-key.js';

/** The passport-jwt options the token strategies use (and TokenVerifier reads). */
export type TokenStrategyOptions = StrategyOptions & {
  passReqToCallback: true;
  jwtFromRequest: JwtFromRequestFunction;
  secretOrKey: string;
  algorithms: string[];
  audience: string;
};

/**
 * passport-jwt options of both token strategies: HS256 only (so `alg: none` and key-confusion
 * tokens fail), the realm's audience, and the request passed to `validate` (for a refreshed token).
 */
export function tokenStrategyOptions(
  jwtSecret: string,
  extractToken: (request: FastifyRequest) => string | null,
  audience: string,
): TokenStrategyOptions {
  return {
    jwtFromRequest: extractToken as unknown as JwtFromRequestFunction,
    secretOrKey: jwtVerificationKey(jwtSecret),
    algorithms: ['HS256'],
    audience,
    passReqToCallback: true,
  };
}

/** passport-jwt's verification step: jsonwebtoken's `verify`, called back with the payload. */
type JwtVerifier = (
  token: string,
  key: unknown,
  options: Record<string, unknown>,
  done: (error: unknown, payload?: unknown) => void,
) => void;
const { JwtVerifier } = Strategy as unknown as { JwtVerifier: JwtVerifier };

/**
 * What passport-jwt does with a request before it calls a strategy's `validate`, without its
 * per-request strategy machinery (the AccessGuard runs this on every request): the token from the
 * strategy's `jwtFromRequest`, verified by passport-jwt's own verifier with the options it
 * derives from the same strategy options. The claims, or undefined where passport-jwt would
 * refuse (no token, bad signature, wrong algorithm or audience, expired).
 */
export class TokenVerifier {
  private readonly verifyOptions: Record<string, unknown>;
  /**
   * Tokens verified lately, with their claims. A client sends the same token on every request,
   * and verifying it again (decoding, the HMAC, the claim checks) was most of the guard's own
   * cost. What verification checks of a token that does not depend on the time (its signature,
   * algorithm, audience) cannot change for the same string; what does (`exp`, `nbf`) is checked
   * again on every use, as jsonwebtoken checks it. Only accepted tokens are kept, at most
   * VERIFIED_CACHE_SIZE, emptied when full.
   */
  private readonly verified = new Map<string, Readonly<TokenClaims>>();

  constructor(private readonly options: TokenStrategyOptions) {
    // As passport-jwt's constructor builds them from these options (no issuer, no
    // jsonWebTokenOptions, ignoreExpiration false).
    this.verifyOptions = {
      audience: options.audience,
      issuer: undefined,
      algorithms: options.algorithms,
      ignoreExpiration: false,
    };
  }

  claims(request: FastifyRequest): Promise<TokenClaims | undefined> {
    const token = this.options.jwtFromRequest(request);
    if (!token) return Promise.resolve(undefined);
    const known = this.verified.get(token);
    if (known) {
      if (isCurrent(known)) return Promise.resolve(known);
      this.verified.delete(token);
      return Promise.resolve(undefined);
    }
    return new Promise((resolve) =>
      JwtVerifier(token, this.options.secretOrKey, this.verifyOptions, (error, payload) => {
        if (error) return resolve(undefined);
        const claims = Object.freeze(payload as TokenClaims);
        if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.clear();
        this.verified.set(token, claims);
        resolve(claims);
      }),
    );
  }
}

const VERIFIED_CACHE_SIZE = 10_000;

/**
 * jsonwebtoken's time checks, for claims it accepted before (so `nbf` and `exp`, when present,
 * are numbers): not before `nbf`, and expired from `exp` on (no clock tolerance is configured).
 */
function isCurrent(claims: Readonly<TokenClaims> & { nbf?: number }): boolean {
  const now = Math.floor(Date.now() / 1000);
  if (claims.nbf !== undefined && claims.nbf > now) return false;
  return claims.exp === undefined || now < claims.exp;
}

/** The columns a token check needs. */
export interface AccountCheck {
  id: number;
  user_name: string;
  status: number;
  token_version: number;
}

/**
 * The account still exists, is active and has not changed its password since the token was
 * issued (its token version is the one the token carries).
 */
export const isCurrentAccount = <T extends AccountCheck>(
  account: T | undefined,
  claims: Pick<TokenClaims, 'tv'>,
): account is T => !!account && account.status === 1 && account.token_version === claims.tv;

const ACCOUNT_ID = /^[1-9][0-9]{0,9}$/;
const MAX_ACCOUNT_ID = 2_147_483_647;

/**
 * The subject as an account id, when every claim we rely on has the type we sign it with: `sub`
 * a decimal id, `tv`, `exp` and `iat` integers. A token signed with our key but shaped otherwise
 * (a forged or foreign one) is not logged in; its values must not reach SQL.
 */
export function tokenAccountId(claims: unknown): number | undefined {
  const { sub, tv, exp, iat } = (claims ?? {}) as Record<string, unknown>;
  if (typeof sub !== 'string' || !ACCOUNT_ID.test(sub)) return undefined;
  if (![tv, exp, iat].every((value) => Number.isSafeInteger(value))) return undefined;
  const id = Number(sub);
  return id <= MAX_ACCOUNT_ID ? id : undefined;
}

/**
 * The token's account, read by `sql` (one plain statement, `$1` = the token's subject), when the
 * claims are well formed (tokenAccountId) and the account current (isCurrentAccount); else
 * undefined.
 */
export async function currentAccount<T extends AccountCheck>(
  accounts: Repository<ObjectLiteral>,
  sql: string,
  claims: TokenClaims,
): Promise<T | undefined> {
  const id = tokenAccountId(claims);
  if (id === undefined) return undefined;
  const [account] = await accounts.query<T[]>(sql, [id]);
  return isCurrentAccount(account, claims) ? account : undefined;
}
