import { ApiExampleNeeds } from '../../common/swagger/openapi-first-contact.js';
import { ORDER_TRANSITIONS_DOC } from './order-transitions.doc.js';
import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { CatalogueErrors } from '../../catalogue/catalogue.errors.js';
import {
  AccountCheckedByRead,
  CurrentCustomer,
  CustomerOnly,
} from '../../common/auth/access.decorators.js';
import { CurrentActor } from '../../common/auth/current-actor.js';
import type { CustomerActor } from '../../common/state-machine/actor.js';
import type { CustomerPrincipal } from '../../common/auth/principal.js';
import { ClientGone } from '../../common/http/client-gone.decorator.js';
import {
  ApiEnvelope,
  ApiPageEnvelope,
  withNote,
} from '../../common/swagger/api-envelope.decorators.js';
import { CouponErrors } from '../../coupons/coupons.errors.js';
import { GroupErrors } from '../../users/users.errors.js';
import { WalletErrors } from '../../wallet/wallet.errors.js';
import { CreateOrderRequestDto } from '../dto/create-order.request.dto.js';
import {
  CancelOrderRequestDto,
  OrderDetailQueryDto,
  OrderListQueryDto,
  OrderNumberRequestDto,
  PaymentRequestDto,
  PAY_WAYS_DOC,
} from '../dto/order-action.request.dto.js';
import { CustomerRefundRequestDto } from '../dto/order-refund.dto.js';
import { OrderResponseDto } from '../dto/order.response.dto.js';
import {
  PaymentCheckResponseDto,
  PaymentResponseDto,
} from '../../payments/dto/payment.response.dto.js';
import { OrderErrors } from '../orders.errors.js';
import { OrderLifecycleService } from '../services/order-lifecycle.service.js';
import { OrderPaymentService } from '../../payments/services/order-payment.service.js';
import { OrderPlacementService } from '../services/order-placement.service.js';
import { OrderQueryService } from '../services/order-query.service.js';
import { OrderRefundService } from '../services/order-refund.service.js';
import { PaymentCheckService } from '../../payments/services/payment-check.service.js';
import { ApiTag } from '../../common/swagger/api-tags.js';

/** What Try it out needs changed on the routes that name an order (x-example-needs). */
const OWN_ORDER_NUMBER =
  'put the order_id of one of your orders (GET /api/orders lists them; the demo data has none until you place one with POST /api/order/create or accept the demo quote)';

const MISSING = withNote(OrderErrors.notFound, 'unknown order or another customer’s');

@ApiTag('Orders')
@CustomerOnly()
@Controller('api')
export class OrdersController {
  constructor(
    private readonly placement: OrderPlacementService,
    private readonly orders: OrderQueryService,
    private readonly lifecycle: OrderLifecycleService,
    private readonly refunds: OrderRefundService,
    private readonly payments: OrderPaymentService,
    private readonly paymentChecks: PaymentCheckService,
  ) {}

  @Post('order/create')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Place an order',
    description:
      'goods_id (+quantity, goods_sku_id) or details[]; prices come from the catalogue and the buyer’s group, ' +
      'stock is reserved at once. `type: vip` buys the user group `group_id` (or goods_id). One seller per order.',
  })
  @ApiEnvelope(OrderResponseDto, {
    errors: [
      OrderErrors.noItems,
      OrderErrors.mixedSellers,
      OrderErrors.addressNotFound,
      OrderErrors.addressIncomplete,
      CatalogueErrors.goodsNotFound,
      CatalogueErrors.notOnSale,
      CatalogueErrors.skuNotFound,
      CatalogueErrors.outOfStock,
      CouponErrors,
      GroupErrors.notFound,
    ],
  })
  create(@CurrentActor() me: CustomerActor, @Body() body: CreateOrderRequestDto) {
    return this.placement.create(me, body);
  }

  @Get('orders')
  @ApiOperation({
    summary: 'Own orders, newest first',
    description:
      'status: "" (all), waiting, paid, delivery, finished, refunding, refunded, closed (or canceled).',
  })
  @ApiPageEnvelope(OrderResponseDto)
  list(@CurrentCustomer() me: CustomerPrincipal, @Query() query: OrderListQueryDto) {
    return this.orders.listForBuyer(me, query);
  }

  @ApiExampleNeeds(OWN_ORDER_NUMBER)
  @Get('order/detail')
  @AccountCheckedByRead()
  @ApiOperation({ summary: 'One own order, by order_id (number) or id' })
  @ApiEnvelope(OrderResponseDto, { errors: [MISSING] })
  detail(@CurrentActor() me: CustomerActor, @Query() query: OrderDetailQueryDto) {
    return this.orders.detailForBuyer(me, query);
  }

  @ApiExampleNeeds(
    `${OWN_ORDER_NUMBER}; the order must be waiting for payment, and balance needs enough balance.`,
  )
  @Post('order/payment')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Pay an order',
    description:
      `pay_way: ${PAY_WAYS_DOC}. balance pays at once (never below zero, never twice); offline waits ` +
      'for staff to confirm; gateways answer code_url or jump_url.' +
      ORDER_TRANSITIONS_DOC,
  })
  @ApiEnvelope(PaymentResponseDto, {
    errors: [
      MISSING,
      OrderErrors.invalidTransition,
      OrderErrors.payWayUnavailable,
      WalletErrors.insufficientBalance,
    ],
  })
  pay(@CurrentActor() me: CustomerActor, @Body() body: PaymentRequestDto) {
    return this.payments.pay(me, body);
  }

  @ApiExampleNeeds(OWN_ORDER_NUMBER)
  @Get('payment/check')
  @ApiOperation({
    summary: 'Wait for an own order to be paid (AnqiCMS: code 0 only when paid)',
    description:
      'Paid: code 0, msg "Payment successful". Unpaid: waits up to PAYMENT_CHECK_WAIT_SECONDS ' +
      '(default 20) for the payment, then -1 ORDER.UNPAID "Unpaid"; a closed order answers -1 at once.',
  })
  @ApiEnvelope(PaymentCheckResponseDto, { errors: [MISSING, OrderErrors.unpaid] })
  paymentCheck(
    @CurrentActor() me: CustomerActor,
    @Query() query: OrderNumberRequestDto,
    @ClientGone() gone: AbortSignal,
  ) {
    return this.paymentChecks.check(me, query, gone);
  }

  @ApiExampleNeeds(`${OWN_ORDER_NUMBER}; only an unpaid order can be cancelled.`)
  @Post('order/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel an unpaid own order', description: ORDER_TRANSITIONS_DOC })
  @ApiEnvelope(OrderResponseDto, { errors: [MISSING, OrderErrors.invalidTransition] })
  cancel(@CurrentActor() me: CustomerActor, @Body() body: CancelOrderRequestDto) {
    return this.lifecycle.cancel(me, body);
  }

  @ApiExampleNeeds(`${OWN_ORDER_NUMBER}; only a shipped order can be finished.`)
  @Post('order/finish')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Confirm receipt of a shipped own order',
    description: ORDER_TRANSITIONS_DOC,
  })
  @ApiEnvelope(OrderResponseDto, { errors: [MISSING, OrderErrors.invalidTransition] })
  finish(@CurrentActor() me: CustomerActor, @Body() body: OrderNumberRequestDto) {
    return this.lifecycle.finish(me, body);
  }

  @ApiExampleNeeds(
    `${OWN_ORDER_NUMBER}; the order must be paid or shipped, or finished within the refund window.`,
  )
  @Post('order/refund')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Ask for a refund of an own order (paid, shipped, or finished: after-sales)',
    description:
      'AnqiCMS body `{order_id, reason?}`. Paid or shipped: the whole order. Finished: within ' +
      'ORDER_REFUND_WINDOW_DAYS (order settings `refund_window_day`, default 7) after ' +
      '`finished_time`, all that is left to refund or `refund_amount` fen of it, with `reason` ' +
      'and up to 9 `images`. status becomes 8 (refunding), refund_status 0, until staff decide; ' +
      'the request is listed in the detail’s `refunds[]`.' +
      ORDER_TRANSITIONS_DOC,
  })
  @ApiEnvelope(OrderResponseDto, {
    errors: [
      MISSING,
      OrderErrors.invalidTransition,
      OrderErrors.refundWindowClosed,
      OrderErrors.refundTooLarge,
      OrderErrors.partialRefundBeforeFinish,
    ],
  })
  refund(@CurrentActor() me: CustomerActor, @Body() body: CustomerRefundRequestDto) {
    return this.refunds.apply(me, body);
  }
}
