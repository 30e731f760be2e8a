import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { RequestWithAuth } from '../../common/auth/access.guard.js';
import { STAFF_PAGES_PREFIX, STAFF_SESSION_COOKIE } from '../../common/auth/token-extractors.js';
import { APP_CONFIG } from '../../common/config/app-config.js';
import type { AppConfig } from '../../common/config/app-config.js';
import { isLocale, pickLocale, translator } from '../views/i18n.js';
import type { PageContext } from '../views/layout.view.js';

export const LANGUAGE_COOKIE = 'staff_lang';

type WithCookies = FastifyRequest & { cookies?: Record<string, string | undefined> };

/**
 * The staff page session: a cookie holding a staff token (so the access guard checks it like any
 * staff login: a disabled account, a changed password or role ends it at once), and the CSRF
 * token of its forms, an HMAC of that cookie: it needs no storage, and a new sign-in changes it.
 */
@Injectable()
export class StaffSessionService {
  private readonly csrfKey: Buffer;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.csrfKey = createHmac('sha256', config.jwtSecret).update('staff-pages csrf').digest();
  }

  sessionOf(request: FastifyRequest): string | undefined {
    return (request as WithCookies).cookies?.[STAFF_SESSION_COOKIE] || undefined;
  }

  /** The CSRF token of the request's session; '' without a session. */
  csrfOf(request: FastifyRequest): string {
    const session = this.sessionOf(request);
    return session ? createHmac('sha256', this.csrfKey).update(session).digest('base64url') : '';
  }

  csrfMatches(request: FastifyRequest, given: unknown): boolean {
    const expected = Buffer.from(this.csrfOf(request));
    const sent = Buffer.from(typeof given === 'string' ? given : '');
    return (
      expected.length > 0 && sent.length === expected.length && timingSafeEqual(sent, expected)
    );
  }

  start(reply: FastifyReply, token: string): void {
    reply.setCookie(STAFF_SESSION_COOKIE, token, {
      ...this.cookieOptions(),
      maxAge: this.config.tokenTtlSeconds,
    });
  }

  end(reply: FastifyReply): void {
    reply.clearCookie(STAFF_SESSION_COOKIE, this.cookieOptions());
  }

  /** A token close to expiry was renewed by the access guard: the cookie carries the new one. */
  renewIfRefreshed(request: FastifyRequest, reply: FastifyReply): void {
    const renewed = (request as RequestWithAuth).refreshedToken;
    if (renewed && this.sessionOf(request)) this.start(reply, renewed);
  }

  /** Language: `?lang=` (the switch, remembered in a cookie), the cookie, then Accept-Language. */
  context(request: FastifyRequest, reply?: FastifyReply): PageContext {
    const asked = (request.query as Record<string, unknown> | undefined)?.lang;
    if (isLocale(asked) && reply) {
      reply.setCookie(LANGUAGE_COOKIE, asked, {
        ...this.cookieOptions(),
        maxAge: 365 * 24 * 3600,
      });
    }
    const locale = pickLocale(
      isLocale(asked) ? asked : (request as WithCookies).cookies?.[LANGUAGE_COOKIE],
      request.headers['accept-language'],
    );
    const user = (request as RequestWithAuth).user;
    const url = new URL(request.url, 'http://page.invalid');
    url.searchParams.delete('lang');
    return {
      t: translator(locale),
      locale,
      path: `${url.pathname}${url.search}`,
      staff:
        user?.kind === 'admin' && this.sessionOf(request)
          ? { userName: user.userName, csrf: this.csrfOf(request) }
          : undefined,
    };
  }

  private cookieOptions() {
    return {
      path: STAFF_PAGES_PREFIX,
      httpOnly: true,
      sameSite: 'lax' as const,
      secure: this.config.publicUrl.startsWith('https:'),
    };
  }
}
