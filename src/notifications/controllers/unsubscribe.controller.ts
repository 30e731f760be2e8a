import { Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiDefaultResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../../common/auth/access.decorators.js';
import { RawResponse } from '../../common/http/envelope.interceptor.js';
import { ErrorEnvelopeDto } from '../../common/swagger/api-envelope.decorators.js';
import { UnsubscribeQueryDto } from '../dto/unsubscribe.dto.js';
import { NotificationErrors } from '../notifications.errors.js';
import { MailPreferencesService } from '../services/mail-preferences.service.js';
import { ApiTag } from '../../common/swagger/api-tags.js';

const HTML_PAGE = {
  description: 'A short HTML page',
  content: { 'text/html': { schema: { type: 'string' } } },
};
const BAD_LINK = {
  description: NotificationErrors.invalidUnsubscribeLink.reason,
  type: ErrorEnvelopeDto,
};

function page(reply: FastifyReply, body: string): string {
  reply.status(200).header('content-type', 'text/html; charset=utf-8');
  return `<!doctype html><html><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>Unsubscribe</title></head><body style="font-family: sans-serif">${body}</body></html>`;
}

/**
 * The one-click unsubscribe link of customer mails (RFC 8058). Public: the signed query is the
 * whole authority, for one category of one account. GET only shows a button (link scanners
 * fetch links); POST, from that button or from the mail client's one-click, switches it off.
 */
@ApiTag('Notifications')
@Public()
@RawResponse()
@Controller('api/notifications/unsubscribe')
export class UnsubscribeController {
  constructor(private readonly preferences: MailPreferencesService) {}

  @Get()
  @ApiOperation({ summary: 'Unsubscribe page: a button that confirms (nothing changes yet)' })
  @ApiOkResponse(HTML_PAGE)
  @ApiDefaultResponse(BAD_LINK)
  confirm(@Query() query: UnsubscribeQueryDto, @Res({ passthrough: true }) reply: FastifyReply) {
    this.preferences.verifyLink(query.u, query.c, query.s);
    return page(
      reply,
      `<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click"><p>Stop these mails? / 不再接收此类邮件？</p><button type="submit">Unsubscribe / 退订</button></form>`,
    );
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'One-click unsubscribe (RFC 8058): switches the category off',
    description:
      'Body `List-Unsubscribe=One-Click` (form-encoded) as mail clients send it, or none.',
  })
  @ApiOkResponse(HTML_PAGE)
  @ApiDefaultResponse(BAD_LINK)
  async unsubscribe(
    @Query() query: UnsubscribeQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    await this.preferences.unsubscribe(query.u, query.c, query.s);
    return page(reply, '<p>Unsubscribed. / 已退订。</p>');
  }
}
