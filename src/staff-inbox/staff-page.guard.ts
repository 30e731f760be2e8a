import { CanActivate, ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { APP_CONFIG } from '../common/config/app-config.js';
import type { AppConfig } from '../common/config/app-config.js';
import { isSameOriginRequest, SAFE_METHODS } from '../common/http/same-origin.js';
import { StaffSessionService } from './services/staff-session.service.js';
import { StaffInboxErrors } from './staff-inbox.errors.js';

const WITHOUT_SESSION = 'staff-page-without-session';

/** A form sent before there is a session (sign in, sign out): the origin check only. */
export const WithoutSession = () => SetMetadata(WITHOUT_SESSION, true);

/**
 * Every state-changing request to the staff pages comes from a page of this origin
 * (isSameOriginRequest) and carries the session's CSRF token: the `csrf` form field, the
 * `csrf` query parameter (multipart uploads, whose body is streamed to storage) or the
 * `x-csrf-token` header (the script's fetches). Runs after the access guard.
 */
@Injectable()
export class StaffPageGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: StaffSessionService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  canActivate(ctx: ExecutionContext): boolean {
    const request = ctx.switchToHttp().getRequest<FastifyRequest>();
    if (SAFE_METHODS.has(request.method)) return true;
    if (!isSameOriginRequest(request, this.config.publicUrl)) throw StaffInboxErrors.crossOrigin();
    if (this.reflector.get<boolean | undefined>(WITHOUT_SESSION, ctx.getHandler())) return true;
    const given =
      (request.body as Record<string, unknown> | undefined)?.csrf ??
      (request.query as Record<string, unknown> | undefined)?.csrf ??
      request.headers['x-csrf-token'];
    if (!this.sessions.csrfMatches(request, given)) throw StaffInboxErrors.badCsrfToken();
    return true;
  }
}
