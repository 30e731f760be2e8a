import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RequestWithAuth } from '../common/auth/access.guard.js';
import { AppError, EnvelopeCode } from '../common/errors/app-error.js';
import { REFUSAL_HEADER } from '../common/http/html-pages.js';
import { StaffSessionService } from './services/staff-session.service.js';
import { seeOther, sendPage, staffPath } from './staff-page.response.js';
import { INBOX_PATH } from './views/layout.view.js';
import { notForRolePage, refusedPage, signInPage } from './views/notice.view.js';

/** Fragments and the script's calls get a status, not a page (the script reloads on 401). */
const isScriptCall = (request: FastifyRequest) =>
  request.headers['x-requested-with'] === 'staff-inbox';

/**
 * Refusals on the staff pages, as pages: not signed in → the sign-in page (then back); signed in
 * with a role that may not → "not for your role"; a refused sign-in → the form with the reason;
 * an action the services refused → their message and the way back.
 */
@Catch()
export class StaffPageFilter implements ExceptionFilter {
  private readonly logger = new Logger('StaffPages');

  constructor(private readonly sessions: StaffSessionService) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<RequestWithAuth>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const ctx = this.sessions.context(request);
    const scriptCall = isScriptCall(request);
    const appError = error instanceof AppError ? error : undefined;
    if (appError) reply.header(REFUSAL_HEADER, appError.reason);

    if (appError?.envelopeCode === EnvelopeCode.NotLoggedIn) {
      this.sessions.end(reply);
      if (scriptCall || request.method !== 'GET') {
        reply.code(401).type('text/plain').send(appError.message);
        return;
      }
      seeOther(reply, `/staff/login?next=${encodeURIComponent(staffPath(request.url))}`);
      return;
    }
    if (
      appError?.envelopeCode === EnvelopeCode.NotAllowed &&
      appError.reason === 'AUTH.NOT_ALLOWED'
    ) {
      const user = request.user;
      if (user?.kind !== 'admin') {
        // A customer's token (cookie or header) is no staff login: sign in as staff.
        seeOther(reply, `/staff/login?next=${encodeURIComponent(staffPath(request.url))}`);
        return;
      }
      if (scriptCall) {
        reply.code(403).type('text/plain').send(appError.message);
        return;
      }
      sendPage(reply, notForRolePage(ctx, user.role), 403);
      return;
    }
    if (request.routeOptions.url === '/staff/login' && request.method === 'POST') {
      const body = request.body as { next?: unknown } | undefined;
      const message =
        appError?.reason === 'USER.BAD_CREDENTIALS' || appError?.reason === 'USER.DISABLED'
          ? ctx.t('badLogin')
          : (appError?.message ?? ctx.t('badLogin'));
      const status =
        appError?.httpStatus && appError.httpStatus !== 200 ? appError.httpStatus : 401;
      sendPage(reply, signInPage(ctx, staffPath(body?.next), message), status);
      return;
    }
    if (appError || error instanceof HttpException) {
      const message = appError?.message ?? (error as HttpException).message;
      const status =
        appError?.httpStatus && appError.httpStatus !== 200
          ? appError.httpStatus
          : error instanceof HttpException
            ? error.getStatus()
            : 400;
      if (scriptCall) {
        reply.code(status).type('text/plain').send(message);
        return;
      }
      sendPage(reply, refusedPage(ctx, message, backOf(request)), status);
      return;
    }
    this.logger.error(error instanceof Error ? error : String(error));
    if (scriptCall) {
      reply.code(500).type('text/plain').send('Internal error');
      return;
    }
    sendPage(reply, refusedPage(ctx, 'Internal error', INBOX_PATH), 500);
  }
}

/** The page a refused form was on: its request's thread, else the inbox. */
function backOf(request: FastifyRequest): string {
  const match = /^\/staff\/requests\/(\d+)/.exec(request.url);
  return match ? `/staff/requests/${match[1]}` : INBOX_PATH;
}
