import { Controller, Get, Query, Res, UseGuards } from '@nestjs/common';
import { ReturnThrottleGuard } from '../return-throttle.guard.js';
import { PaymentErrors } from '../payments.errors.js';
import { ApiDefaultResponse, ApiFoundResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../../common/auth/access.decorators.js';
import { CommonErrors } from '../../common/errors/app-error.js';
import { RawResponse } from '../../common/http/envelope.interceptor.js';
import { ErrorEnvelopeDto } from '../../common/swagger/api-envelope.decorators.js';
import { PaypalReturnQueryDto } from '../dto/paypal-return.dto.js';
import { PaypalReturnService, ReturnPage } from '../services/paypal-return.service.js';
import { ApiTag } from '../../common/swagger/api-tags.js';

const TEXT: Record<ReturnPage['status'], string> = {
  paid: 'Payment received. You can close this page and return to the shop.',
  pending: 'Your payment is being confirmed. You can close this page; the order updates shortly.',
  cancelled: 'Payment cancelled. Your order is still open: you can pay it from the shop.',
  failed: 'This payment could not be confirmed. Please check your order in the shop.',
};

/** A malformed return (no or a bad `token`) is answered with the error envelope. */
const BAD_RETURN = {
  description: `${CommonErrors.validation.reason}, or ${PaymentErrors.tooManyReturns.reason} (429)`,
  type: ErrorEnvelopeDto,
};

/** Documented as text/plain: a browser lands here, not an API client. */
const PLAIN_PAGE = {
  description: 'Plain text page (no return page configured)',
  content: { 'text/plain': { schema: { type: 'string' } } },
};

/** The configured return page (302), or a short plain page when none is set. */
function show(reply: FastifyReply, page: ReturnPage): string {
  if (page.redirect) {
    reply.status(302).header('location', page.redirect);
    return '';
  }
  reply.status(200).header('content-type', 'text/plain; charset=utf-8');
  return TEXT[page.status];
}

/**
 * Where PayPal sends the buyer's browser back (return_url / cancel_url of the PayPal order).
 * Public: PayPal's redirect carries no login; the PayPal order id is checked at PayPal (capture)
 * and against the payment before anything changes. Not an envelope: a browser lands here.
 * Throttled per client address and per instance (ReturnThrottleGuard).
 */
@ApiTag('Payment notifications')
@Public()
@RawResponse()
@UseGuards(ReturnThrottleGuard)
@Controller('return/paypal')
export class PaymentReturnController {
  constructor(private readonly paypal: PaypalReturnService) {}

  @Get('pay')
  @ApiOperation({
    summary: 'PayPal return: captures the approved PayPal order and settles the payment once',
    description:
      'Redirects (302) to paypal_return_url?order_id=…&status=paid|pending|failed, or answers a short text page.',
  })
  @ApiFoundResponse({ description: 'To the configured return page' })
  @ApiOkResponse(PLAIN_PAGE)
  @ApiDefaultResponse(BAD_RETURN)
  async pay(@Query() query: PaypalReturnQueryDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return show(reply, await this.paypal.pay(query.token));
  }

  @Get('cancel')
  @ApiOperation({
    summary: 'PayPal cancel: the buyer left PayPal without paying; nothing changes',
    description:
      'Redirects (302) to paypal_return_url?order_id=…&status=cancelled, or a text page.',
  })
  @ApiFoundResponse({ description: 'To the configured return page' })
  @ApiOkResponse(PLAIN_PAGE)
  @ApiDefaultResponse(BAD_RETURN)
  async cancel(
    @Query() query: PaypalReturnQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return show(reply, await this.paypal.cancel(query.token));
  }
}
