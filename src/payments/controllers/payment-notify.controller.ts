import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../../common/auth/access.decorators.js';
import { RawResponse } from '../../common/http/envelope.interceptor.js';
import type { GatewayAck, RawNotification } from '../gateways/payment-gateway.js';
import { IncomingPaymentService } from '../services/incoming-payment.service.js';
import { ApiTag } from '../../common/swagger/api-tags.js';

/** The request as the gateway signed it: the raw body is kept for /notify/* only (configure-app.ts). */
function notificationOf(request: FastifyRequest): RawNotification {
  return {
    headers: request.headers,
    rawBody: (request as FastifyRequest & { rawBody?: string }).rawBody ?? '',
    query: request.query as Record<string, string>,
  };
}

function answer(reply: FastifyReply, ack: GatewayAck): string {
  reply.status(ack.status).header('content-type', ack.contentType);
  return ack.body;
}

/**
 * Gateway notifications, at AnqiCMS's paths so a gateway set up for AnqiCMS can point here
 * unchanged. Public (the gateway's signature is the authentication) and NOT in the envelope:
 * each gateway gets the acknowledgement it expects (docs/payments.md).
 */
/** Stripe reads only the status; the body says whether the event was taken. */
const STRIPE_ANSWER = {
  type: 'object',
  required: ['received'],
  properties: { received: { type: 'boolean' } },
};

@ApiTag('Payment notifications')
@Public()
@RawResponse()
@Controller('notify')
export class PaymentNotifyController {
  constructor(private readonly incoming: IncomingPaymentService) {}

  @Post('wechat/pay')
  @HttpCode(204)
  @ApiOperation({
    summary: 'WeChat Pay API v3 notification (payments and refunds)',
    description:
      'Verified with the WeChat Pay public key (Wechatpay-Signature over timestamp, nonce and the raw body), ' +
      'resource decrypted with the APIv3 key. Not an envelope: 204 when accounted for, 4xx {"code":"FAIL"} otherwise.',
  })
  @ApiOkResponse({ description: '204, empty: received' })
  @ApiBadRequestResponse({
    description: '{"code":"FAIL","message":"失败"}: WeChat sends it again later',
    schema: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', enum: ['FAIL'] },
        message: { type: 'string' },
      },
    },
  })
  async wechat(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return answer(reply, await this.incoming.receive('wechat', notificationOf(request)));
  }

  @Post('alipay/pay')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Alipay asynchronous notification',
    description:
      'Form-encoded, RSA2-verified with the Alipay public key. Not an envelope: text `success` or `fail`.',
  })
  @ApiOkResponse({ description: '`success` (received) or `fail` (Alipay sends it again later)' })
  async alipay(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return answer(reply, await this.incoming.receive('alipay', notificationOf(request)));
  }

  @Post('stripe/pay')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Stripe webhook (checkout.session.completed, refund.updated)',
    description:
      'Verified with the endpoint signing secret (Stripe-Signature over the raw body). Not an envelope: ' +
      '200 {"received":true}, or 400 (Stripe retries).',
  })
  @ApiOkResponse({ description: '{"received":true}', schema: STRIPE_ANSWER })
  @ApiBadRequestResponse({
    description: '{"received":false}: not verified or not matching',
    schema: STRIPE_ANSWER,
  })
  async stripe(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return answer(reply, await this.incoming.receive('stripe', notificationOf(request)));
  }
}
