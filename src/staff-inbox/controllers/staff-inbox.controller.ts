import {
  Body,
  Controller,
  Get,
  Param,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  Admin,
  CurrentAdmin,
  Public,
  StaffPermission,
} from '../../common/auth/access.decorators.js';
import type { AdminPrincipal } from '../../common/auth/principal.js';
import { CurrentActor } from '../../common/auth/current-actor.js';
import type { StaffActor } from '../../common/state-machine/actor.js';
import { CurrentCredential } from '../../common/auth/stream-ticket.js';
import type { Credential } from '../../common/auth/stream-ticket.js';
import { HtmlPages } from '../../common/http/html-pages.js';
import { NoIdempotencyKey } from '../../common/http/idempotent-route.js';
import { LoginThrottled } from '../../login-throttle/login-throttle.decorator.js';
import { AdminAccountService } from '../../users/services/admin-account.service.js';
import { UserErrors } from '../../users/users.errors.js';
import {
  CancelFormDto,
  InboxFormDto,
  QuoteFormDto,
  ReplyFormDto,
  RequestIdParamDto,
  SignInFormDto,
  ThreadQueryDto,
} from '../dto/staff-inbox.forms.js';
import { StaffInboxService } from '../services/staff-inbox.service.js';
import { StaffSessionService } from '../services/staff-session.service.js';
import { StaffPageFilter } from '../staff-page.filter.js';
import { StaffPageGuard, WithoutSession } from '../staff-page.guard.js';
import { seeOther, sendPage, staffPath } from '../staff-page.response.js';
import { inboxList, inboxPage } from '../views/inbox.view.js';
import { INBOX_PATH } from '../views/layout.view.js';
import { signInPage } from '../views/notice.view.js';
import { threadActions, threadLog, threadPage, threadSummary } from '../views/thread.view.js';

const NO_REPLAY = 'a browser form: the page shows the outcome, and a reload asks before resending';

/**
 * The staff inbox pages (docs/staff-inbox.md): HTML for people, not part of the API, so not in
 * Swagger. Access is declared as on the API (the session cookie is a staff login on these
 * routes); StaffPageGuard adds the origin and CSRF checks; StaffPageFilter turns refusals into
 * pages.
 */
@HtmlPages()
@UseGuards(StaffPageGuard)
@UseFilters(StaffPageFilter)
@Controller('staff')
export class StaffInboxController {
  constructor(
    private readonly inbox: StaffInboxService,
    private readonly sessions: StaffSessionService,
    private readonly admins: AdminAccountService,
  ) {}

  @Get()
  @Public()
  home(@Res() reply: FastifyReply) {
    return seeOther(reply, INBOX_PATH);
  }

  @Get('login')
  @Public()
  signInForm(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const next = (request.query as { next?: unknown }).next;
    return sendPage(reply, signInPage(this.sessions.context(request, reply), staffPath(next)));
  }

  @Post('login')
  @Public()
  @WithoutSession()
  @NoIdempotencyKey(NO_REPLAY)
  @LoginThrottled({ realm: 'staff', perAccount: true, failures: [UserErrors.badCredentials] })
  async signIn(@Body() form: SignInFormDto, @Res() reply: FastifyReply) {
    const { token } = await this.admins.login(form);
    this.sessions.start(reply, token);
    return seeOther(reply, staffPath(form.next));
  }

  @Post('logout')
  @Public()
  @WithoutSession()
  @NoIdempotencyKey(NO_REPLAY)
  signOut(@Res() reply: FastifyReply) {
    this.sessions.end(reply);
    return seeOther(reply, '/staff/login');
  }

  @Get('inbox')
  @Admin()
  @StaffPermission('requests.read')
  async inboxPage(
    @Query() query: InboxFormDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    this.sessions.renewIfRefreshed(request, reply);
    const view = await this.inbox.inbox(query);
    return sendPage(reply, inboxPage(this.sessions.context(request, reply), view));
  }

  /** The list alone, for live updates. */
  @Get('inbox/list')
  @Admin()
  @StaffPermission('requests.read')
  async inboxList(
    @Query() query: InboxFormDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const view = await this.inbox.inbox(query);
    return sendPage(reply, inboxList(this.sessions.context(request), view));
  }

  @Get('requests/:id')
  @Admin()
  @StaffPermission('requests.handle')
  async threadPage(
    @CurrentActor() me: StaffActor,
    @Param() params: RequestIdParamDto,
    @Query() thread: ThreadQueryDto,
    @Query() filters: InboxFormDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    this.sessions.renewIfRefreshed(request, reply);
    const [view, inbox] = await Promise.all([
      this.inbox.open(me, params.id, thread),
      this.inbox.inbox(filters),
    ]);
    return sendPage(reply, threadPage(this.sessions.context(request, reply), view, inbox));
  }

  /**
   * Parts of a thread for live updates (`part`: log, summary or actions). An open thread stays
   * read: fetching its messages marks them read, as opening it did.
   */
  @Get('requests/:id/:part')
  @Admin()
  @StaffPermission('requests.handle')
  async threadPart(
    @CurrentActor() me: StaffActor,
    @Param() params: RequestIdParamDto,
    @Param('part') part: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const ctx = this.sessions.context(request);
    if (part === 'log') {
      return sendPage(reply, threadLog(ctx, await this.inbox.open(me, params.id, {})));
    }
    const view = await this.inbox.thread(me, params.id);
    if (part === 'summary') return sendPage(reply, threadSummary(ctx, view));
    if (part === 'actions') return sendPage(reply, threadActions(ctx, view));
    return reply.code(404).type('text/plain').send('Unknown part');
  }

  @Post('requests/:id/reply')
  @Admin()
  @StaffPermission('requests.handle')
  @NoIdempotencyKey(NO_REPLAY)
  async reply(
    @CurrentActor() me: StaffActor,
    @Param() params: RequestIdParamDto,
    @Body() form: ReplyFormDto,
    @Res() reply: FastifyReply,
  ) {
    await this.inbox.reply(me, params.id, form);
    return seeOther(reply, `/staff/requests/${params.id}#reply`);
  }

  @Post('requests/:id/image')
  @Admin()
  @StaffPermission('requests.handle')
  @NoIdempotencyKey('a multipart stream is never buffered to be hashed')
  async image(
    @CurrentActor() me: StaffActor,
    @Param() params: RequestIdParamDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.inbox.sendImage(me, params.id, request);
    return seeOther(reply, `/staff/requests/${params.id}#reply`);
  }

  @Post('requests/:id/quote')
  @Admin()
  @StaffPermission('requests.handle')
  @NoIdempotencyKey(NO_REPLAY)
  async quote(
    @CurrentActor() me: StaffActor,
    @Param() params: RequestIdParamDto,
    @Body() form: QuoteFormDto,
    @Res() reply: FastifyReply,
  ) {
    await this.inbox.quote(me, params.id, form);
    return seeOther(reply, `/staff/requests/${params.id}`);
  }

  @Post('requests/:id/cancel')
  @Admin()
  @StaffPermission('requests.handle')
  @NoIdempotencyKey(NO_REPLAY)
  async cancel(
    @CurrentActor() me: StaffActor,
    @Param() params: RequestIdParamDto,
    @Body() form: CancelFormDto,
    @Res() reply: FastifyReply,
  ) {
    await this.inbox.cancel(me, params.id, form);
    return seeOther(reply, `/staff/requests/${params.id}`);
  }

  /** A single-use ticket for the staff event stream, for the page's script (JSON). */
  @Post('events/ticket')
  @Admin()
  @StaffPermission('events.read')
  @NoIdempotencyKey('the answer is a credential (a single-use ticket): never stored for replay')
  async streamTicket(
    @CurrentAdmin() me: AdminPrincipal,
    @CurrentCredential() credential: Credential,
    @Res() reply: FastifyReply,
  ) {
    const ticket = await this.inbox.streamTicket(me, credential);
    return reply.header('cache-control', 'no-store').send({ ticket: ticket.ticket });
  }
}
