import { ApiExampleNeeds } from '../../common/swagger/openapi-first-contact.js';
import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { Admin, StaffPermission } from '../../common/auth/access.decorators.js';
import { CurrentActor } from '../../common/auth/current-actor.js';
import type { StaffActor } from '../../common/state-machine/actor.js';
import { ApiEnvelope, ApiPageEnvelope } from '../../common/swagger/api-envelope.decorators.js';
import { ApiTag } from '../../common/swagger/api-tags.js';
import {
  GatewayRefundByHandRequestDto,
  GatewayRefundListQueryDto,
  GatewayRefundResponseDto,
  GatewayRefundRetryRequestDto,
} from '../dto/gateway-refund.dto.js';
import { gatewayRefundTransitionTable } from '../gateway-refund-status.js';
import { PaymentErrors } from '../payments.errors.js';
import { GatewayRefundAdminService } from '../services/gateway-refund-admin.service.js';

const ERRORS = [PaymentErrors.refundNotFound, PaymentErrors.refundInvalidTransition];
const TRANSITIONS = `\n\nGateway refund statuses:\n\n${gatewayRefundTransitionTable()}`;

/** Gateway refunds for finance staff: the failed list, send again, refunded by hand. */
@ApiTag('Staff: orders')
@Admin()
@Controller('system/api/plugin/order/refunds')
export class AdminGatewayRefundsController {
  constructor(private readonly refunds: GatewayRefundAdminService) {}

  @Get()
  @StaffPermission('orders.refund')
  @ApiOperation({
    summary: 'Gateway refunds, newest first (status=failed: the ones staff must act on)',
    description:
      'A refund a gateway refused for good (e.g. WeChat NOT_ENOUGH, Alipay 40004, a Stripe/PayPal 4xx), ' +
      'or that kept failing past the attempt cap, is `failed`; `last_error` says why.' +
      TRANSITIONS,
  })
  @ApiPageEnvelope(GatewayRefundResponseDto)
  list(@Query() query: GatewayRefundListQueryDto) {
    return this.refunds.list(query);
  }

  @ApiExampleNeeds(
    'put the out_refund_no of a failed refund (GET /system/api/plugin/order/refunds?status=failed lists them; the demo data has none).',
  )
  @Post('retry')
  @HttpCode(200)
  @StaffPermission('orders.refund')
  @ApiOperation({
    summary: 'Send a failed gateway refund again',
    description: 'Back to pending with its attempts starting over; the refund job sends it.',
  })
  @ApiEnvelope(GatewayRefundResponseDto, { errors: ERRORS })
  retry(@CurrentActor() staff: StaffActor, @Body() body: GatewayRefundRetryRequestDto) {
    return this.refunds.retry(staff, body);
  }

  @ApiExampleNeeds(
    'put the out_refund_no of a failed refund (GET /system/api/plugin/order/refunds?status=failed lists them; the demo data has none).',
  )
  @Post('by-hand')
  @HttpCode(200)
  @StaffPermission('orders.refund')
  @ApiOperation({
    summary: 'Record that a failed gateway refund was paid back by hand',
    description:
      'The money went back outside the gateway (bank transfer, cash): the refund ends `refunded_by_hand` with the note.',
  })
  @ApiEnvelope(GatewayRefundResponseDto, { errors: ERRORS })
  byHand(@CurrentActor() staff: StaffActor, @Body() body: GatewayRefundByHandRequestDto) {
    return this.refunds.byHand(staff, body);
  }
}
