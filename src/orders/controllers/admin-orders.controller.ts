import { ApiRequestExample, ApiExampleNeeds } from '../../common/swagger/openapi-first-contact.js';
import { ORDER_TRANSITIONS_DOC } from './order-transitions.doc.js';
import {
  applyDecorators,
  Body,
  Controller,
  Get,
  HttpCode,
  Post,
  Query,
  StreamableFile,
} from '@nestjs/common';
import { ApiDefaultResponse, ApiOkResponse, ApiOperation, ApiProduces } from '@nestjs/swagger';
import { Admin, CurrentAdmin, StaffPermission } from '../../common/auth/access.decorators.js';
import type { AdminPrincipal } from '../../common/auth/principal.js';
import { CurrentActor } from '../../common/auth/current-actor.js';
import type { StaffActor } from '../../common/state-machine/actor.js';
import { WithMessage } from '../../common/http/envelope.js';
import { RawResponse } from '../../common/http/envelope.interceptor.js';
import { NoIdempotencyKey } from '../../common/http/idempotent-route.js';
import {
  ApiEnvelope,
  ApiPageEnvelope,
  ErrorEnvelopeDto,
} from '../../common/swagger/api-envelope.decorators.js';
import { COUNT_CAP } from '../../common/pagination/keyset.js';
import { WalletErrors } from '../../wallet/wallet.errors.js';
import {
  AdminOrderListQueryDto,
  AdminPayRequestDto,
  CancelOrderRequestDto,
  DeliverRequestDto,
  OrderDetailQueryDto,
  OrderNumberRequestDto,
} from '../dto/order-action.request.dto.js';
import { StaffRefundDecisionRequestDto, StaffRefundRequestDto } from '../dto/order-refund.dto.js';
import { OrderResponseDto } from '../dto/order.response.dto.js';
import { OrderTableResponseDto } from '../dto/order-table.response.dto.js';
import { PaymentResponseDto } from '../../payments/dto/payment.response.dto.js';
import { OrderErrors } from '../orders.errors.js';
import { EXPORT_TABLE_MAX_ROWS, OrderExportService } from '../services/order-export.service.js';
import { OrderLifecycleService } from '../services/order-lifecycle.service.js';
import { OrderPaymentService } from '../../payments/services/order-payment.service.js';
import { OrderQueryService } from '../services/order-query.service.js';
import { OrderRefundService } from '../services/order-refund.service.js';
import { ApiTag } from '../../common/swagger/api-tags.js';

/** What Try it out needs changed on the routes that name an order (x-example-needs). */
const STAFF_ORDER_NUMBER =
  'put the order_id of an order (GET /system/api/plugin/order/list lists them; the demo data has none until a customer places one)';

const ERRORS = [OrderErrors.notFound, OrderErrors.invalidTransition];

/** The staff panel shows `msg` after each action (AnqiCMS: "Set successfully"). */
const DONE = 'Set successfully';
const withMsg = async <T>(result: Promise<T>, msg: string) => new WithMessage(await result, msg);

/** A CSV download: the file on success, the usual error envelope otherwise. */
const ApiCsvDownload = () =>
  applyDecorators(
    RawResponse(),
    ApiProduces('text/csv'),
    ApiOkResponse({
      description: 'CSV file (UTF-8 with BOM), amounts in fen',
      content: { 'text/csv': { schema: { type: 'string' } } },
    }),
    ApiDefaultResponse({
      description: 'Errors (bad filters, auth) come as the JSON error envelope',
      type: ErrorEnvelopeDto,
    }),
  );

/** Staff side of orders, at AnqiCMS's paths. */
@ApiTag('Staff: orders')
@Admin()
@Controller('system/api/plugin/order')
export class AdminOrdersController {
  constructor(
    private readonly orders: OrderQueryService,
    private readonly lifecycle: OrderLifecycleService,
    private readonly refunds: OrderRefundService,
    private readonly payments: OrderPaymentService,
    private readonly exports: OrderExportService,
  ) {}

  @Get('list')
  @StaffPermission('orders.read')
  @ApiOperation({
    summary: 'All orders, newest first',
    description:
      'Filters: status, order_id, user_name (contains), user_id, start_time/end_time (created, unix seconds). ' +
      `\`total\` counts up to ${COUNT_CAP} (then \`total_capped: true\`); page deep with before_id/after_id.`,
  })
  @ApiPageEnvelope(OrderResponseDto, { cappedTotal: COUNT_CAP })
  list(@CurrentAdmin() admin: AdminPrincipal, @Query() query: AdminOrderListQueryDto) {
    return this.orders.listForAdmin(admin, query);
  }

  @ApiExampleNeeds(STAFF_ORDER_NUMBER)
  @Get('detail')
  @StaffPermission('orders.read')
  @ApiOperation({ summary: 'One order with lines, buyer, address and history' })
  @ApiEnvelope(OrderResponseDto, { errors: [OrderErrors.notFound] })
  detail(@CurrentActor() staff: StaffActor, @Query() query: OrderDetailQueryDto) {
    return this.orders.detailForAdmin(staff, query);
  }

  @ApiExampleNeeds(`${STAFF_ORDER_NUMBER}; the order must be waiting for payment.`)
  @Post('pay')
  @HttpCode(200)
  @StaffPermission('orders.fulfil')
  @ApiOperation({
    summary: 'Confirm an offline payment',
    description:
      'The money arrived outside the service (pay_way offline by default).' + ORDER_TRANSITIONS_DOC,
  })
  @ApiEnvelope(PaymentResponseDto, { errors: [...ERRORS, OrderErrors.payWayUnavailable] })
  pay(@CurrentActor() staff: StaffActor, @Body() body: AdminPayRequestDto) {
    return withMsg(this.payments.confirmByAdmin(staff, body), 'Payment successful');
  }

  @ApiExampleNeeds(`${STAFF_ORDER_NUMBER}; the order must be paid.`)
  @Post('deliver')
  @HttpCode(200)
  @StaffPermission('orders.fulfil')
  @ApiOperation({
    summary: 'Ship a paid order',
    description:
      'Sets deliver_time and end_time = now + ORDER_AUTO_FINISH_DAYS.' + ORDER_TRANSITIONS_DOC,
  })
  @ApiEnvelope(OrderResponseDto, { errors: ERRORS })
  deliver(@CurrentActor() staff: StaffActor, @Body() body: DeliverRequestDto) {
    return withMsg(this.lifecycle.deliver(staff, body), DONE);
  }

  @ApiExampleNeeds(`${STAFF_ORDER_NUMBER}; the order must be shipped.`)
  @Post('finished')
  @HttpCode(200)
  @StaffPermission('orders.fulfil')
  @ApiOperation({ summary: 'Finish a paid or shipped order', description: ORDER_TRANSITIONS_DOC })
  @ApiEnvelope(OrderResponseDto, { errors: ERRORS })
  finished(@CurrentActor() staff: StaffActor, @Body() body: OrderNumberRequestDto) {
    return withMsg(this.lifecycle.finish(staff, body), DONE);
  }

  @ApiExampleNeeds(`${STAFF_ORDER_NUMBER}; the order must be unpaid.`)
  @Post('canceled')
  @HttpCode(200)
  @StaffPermission('orders.fulfil')
  @ApiOperation({ summary: 'Cancel an unpaid order', description: ORDER_TRANSITIONS_DOC })
  @ApiEnvelope(OrderResponseDto, { errors: ERRORS })
  canceled(@CurrentActor() staff: StaffActor, @Body() body: CancelOrderRequestDto) {
    return withMsg(this.lifecycle.cancel(staff, body), DONE);
  }

  @ApiExampleNeeds(`${STAFF_ORDER_NUMBER} whose customer asked for a refund.`)
  @Post('refund')
  @HttpCode(200)
  @StaffPermission('orders.refund')
  @ApiOperation({
    summary: 'Decide a refund request: status 1 approves, -1 refuses',
    description:
      'Approving a request of a finished order (after-sales) refunds the amount asked for: ' +
      'the money goes back the way it came (balance at once, a gateway through the refund job ' +
      'under its own out_refund_no, offline by staff), the seller income and commissions are ' +
      'taken back in proportion, and the stock comes back only with `goods_returned: true`. ' +
      'The order goes back to finished, or becomes refunded once everything is paid back.' +
      ORDER_TRANSITIONS_DOC,
  })
  @ApiEnvelope(OrderResponseDto, {
    errors: [
      ...ERRORS,
      WalletErrors.userNotFound,
      OrderErrors.refundTooLarge,
      OrderErrors.goodsAlreadyReturned,
      OrderErrors.commissionNotReversible,
    ],
  })
  refund(@CurrentActor() staff: StaffActor, @Body() body: StaffRefundDecisionRequestDto) {
    return withMsg(this.refunds.decide(staff, body), DONE);
  }

  @ApiExampleNeeds(`${STAFF_ORDER_NUMBER}; the order must be paid, shipped or finished.`)
  @Post('refund/apply')
  @HttpCode(200)
  @StaffPermission('orders.refund')
  @ApiOperation({
    summary: 'Refund an order at once (ask and approve): whole, or a part of a finished order',
    description:
      'Paid or shipped: the whole order. Finished (after-sales, at any time): `refund_amount` ' +
      'fen, or all that is left to refund; see POST …/order/refund for what approving does. ' +
      'Audited (order.apply_refund, order.approve_refund).' +
      ORDER_TRANSITIONS_DOC,
  })
  @ApiEnvelope(OrderResponseDto, {
    errors: [
      ...ERRORS,
      OrderErrors.refundTooLarge,
      OrderErrors.partialRefundBeforeFinish,
      OrderErrors.goodsAlreadyReturned,
      OrderErrors.commissionNotReversible,
    ],
  })
  refundNow(@CurrentActor() staff: StaffActor, @Body() body: StaffRefundRequestDto) {
    return withMsg(this.refunds.refundNow(staff, body), 'Refunded');
  }

  @Get('export')
  @StaffPermission('orders.export')
  @ApiOperation({
    summary: 'Export the filtered list as CSV (streamed)',
    description: 'Same filters as list; amounts in fen. Not an envelope: a text/csv download.',
  })
  @ApiCsvDownload()
  async export(@CurrentAdmin() admin: AdminPrincipal, @Query() query: AdminOrderListQueryDto) {
    return new StreamableFile(await this.exports.exportCsv(admin, query), {
      type: 'text/csv; charset=utf-8',
      disposition: 'attachment; filename="orders.csv"',
    });
  }

  @Post('export')
  @HttpCode(200)
  @StaffPermission('orders.export')
  @ApiOperation({
    summary: 'Export as a table (AnqiCMS staff panel): {header, content}',
    description:
      'Filters in the JSON body (same as list; the panel sends status, start_time, end_time). ' +
      'The panel builds the spreadsheet from data.header and data.content. At most ' +
      `${EXPORT_TABLE_MAX_ROWS} rows; GET streams CSV of any size.`,
  })
  @ApiEnvelope(OrderTableResponseDto, { errors: [OrderErrors.exportTooLarge] })
  @NoIdempotencyKey('a read: the export table is never stored for replay')
  @ApiRequestExample(
    AdminOrderListQueryDto,
    'Every order (add status, start_time, end_time to filter)',
    {},
  )
  exportTable(@CurrentAdmin() admin: AdminPrincipal, @Body() body: AdminOrderListQueryDto) {
    return this.exports.exportTable(admin, body);
  }
}
