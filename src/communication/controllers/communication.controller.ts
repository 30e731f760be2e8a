import { ApiExampleNeeds } from '../../common/swagger/openapi-first-contact.js';
import { COMM_TRANSITIONS_DOC } from './comm-transitions.doc.js';
import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { CatalogueErrors } from '../../catalogue/catalogue.errors.js';
import { AccountCheckedByRead, CustomerOnly } from '../../common/auth/access.decorators.js';
import { CurrentActor } from '../../common/auth/current-actor.js';
import type { CustomerActor } from '../../common/state-machine/actor.js';
import { WithMessage } from '../../common/http/envelope.js';
import { ApiEnvelope, ApiPageEnvelope } from '../../common/swagger/api-envelope.decorators.js';
import { CommErrors } from '../communication.errors.js';
import { CommMessagesQueryDto, SendMessageRequestDto } from '../dto/comm-message.request.dto.js';
import {
  CommOrderIdQueryDto,
  CommOrderIdRequestDto,
  CommOrderListQueryDto,
  CommReasonRequestDto,
  CreateCommOrderRequestDto,
  UpdateCommOrderRequestDto,
} from '../dto/comm-order.request.dto.js';
import {
  CommMessageResponseDto,
  CommOrderDetailResponseDto,
  CommOrderResponseDto,
  CommReadStateResponseDto,
} from '../dto/comm-order.response.dto.js';
import { OrderResponseDto } from '../../orders/dto/order.response.dto.js';
import { AcceptCommOrderRequestDto } from '../dto/accept-comm-order.request.dto.js';
import { CommAcceptService } from '../services/comm-accept.service.js';
import { CommConversationService } from '../services/comm-conversation.service.js';
import { CommOrderQueryService } from '../services/comm-order-query.service.js';
import { CustomerCommOrderService } from '../services/customer-comm-order.service.js';
import { CommonErrors } from '../../common/errors/app-error.js';
import { ApiTag } from '../../common/swagger/api-tags.js';

/** The customer side, at AnqiCMS's paths. */
@ApiTag('Communication orders')
@CustomerOnly()
@Controller('api/communication')
export class CommunicationController {
  constructor(
    private readonly query: CommOrderQueryService,
    private readonly requests: CustomerCommOrderService,
    private readonly conversation: CommConversationService,
    private readonly acceptance: CommAcceptService,
  ) {}

  @Get('orders')
  @AccountCheckedByRead()
  @ApiOperation({
    summary: 'My communication orders, newest first',
    description:
      'Each item carries the user, the product thumb, unread_count, message_count and the latest 20 messages (oldest first).',
  })
  @ApiPageEnvelope(CommOrderResponseDto)
  list(@CurrentActor() me: CustomerActor, @Query() query: CommOrderListQueryDto) {
    return this.query.listForCustomer(me, query);
  }

  @Get('order/detail')
  @AccountCheckedByRead()
  @ApiOperation({ summary: 'One of my communication orders, with every quote version' })
  @ApiEnvelope(CommOrderDetailResponseDto, { errors: [CommErrors.notFound] })
  detail(@CurrentActor() me: CustomerActor, @Query() query: CommOrderIdQueryDto) {
    return this.query.detail(me, query.id);
  }

  @Get('messages')
  @AccountCheckedByRead()
  @ApiOperation({
    summary: 'Messages of one of my communication orders',
    description:
      'Page 1 is the newest page_size messages; before_id scrolls back, after_id catches up. Each page is oldest-first; total = all messages.',
  })
  @ApiPageEnvelope(CommMessageResponseDto, { errors: [CommErrors.notFound] })
  messages(@CurrentActor() me: CustomerActor, @Query() query: CommMessagesQueryDto) {
    return this.query.messages(me, query);
  }

  @Post('message/send')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Send a message',
    description:
      'The sender is the logged-in customer; sender fields in the body are ignored. Not possible once cancelled.',
  })
  @ApiEnvelope(CommMessageResponseDto, {
    errors: [
      CommErrors.notFound,
      CommErrors.invalidTransition,
      CommErrors.messageTypeNotAllowed,
      CommErrors.badImageUrl,
    ],
  })
  send(@CurrentActor() me: CustomerActor, @Body() body: SendMessageRequestDto) {
    return this.conversation.send(me, body);
  }

  @Post('order/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark my side of the thread read' })
  @ApiEnvelope(CommReadStateResponseDto, { errors: [CommErrors.notFound] })
  read(@CurrentActor() me: CustomerActor, @Body() body: CommOrderIdRequestDto) {
    return this.conversation.read(me, body.id);
  }

  @Post('order/create')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Open a communication order (customization request)',
    description:
      'The product must exist and be on sale. data = the created request; msg = "定制订单创建成功".',
  })
  @ApiEnvelope(CommOrderResponseDto, {
    errors: [CatalogueErrors.goodsNotFound, CatalogueErrors.notOnSale, CommonErrors.validation],
  })
  async create(@CurrentActor() me: CustomerActor, @Body() body: CreateCommOrderRequestDto) {
    return new WithMessage(await this.requests.create(me, body), '定制订单创建成功');
  }

  @Post('order/update')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Edit my communication order',
    description:
      'Only the fields sent change (title, content, phone, images, order_extra, event_date); while pending, in communication or rejected. msg = "订单更新成功".',
  })
  @ApiEnvelope(CommOrderResponseDto, {
    errors: [CommErrors.notFound, CommErrors.invalidTransition, CommErrors.versionConflict],
  })
  async update(@CurrentActor() me: CustomerActor, @Body() body: UpdateCommOrderRequestDto) {
    return new WithMessage(await this.requests.update(me, body), '订单更新成功');
  }

  @ApiExampleNeeds(
    "put the id of one of your quoted requests (status 2); the demo's quoted request is id 1, which the accept example accepts.",
  )
  @Post('order/reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reject the quote (2 → 4)', description: COMM_TRANSITIONS_DOC })
  @ApiEnvelope(CommOrderResponseDto, {
    errors: [CommErrors.notFound, CommErrors.invalidTransition],
  })
  reject(@CurrentActor() me: CustomerActor, @Body() body: CommReasonRequestDto) {
    return this.requests.reject(me, body);
  }

  @ApiExampleNeeds(
    "put the id of one of your open requests; the demo's are ids 1 and 2 (cancelling ends them for the other examples).",
  )
  @Post('order/cancel')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Cancel my communication order (0/1/2/4 → -1)',
    description: COMM_TRANSITIONS_DOC,
  })
  @ApiEnvelope(CommOrderResponseDto, {
    errors: [CommErrors.notFound, CommErrors.invalidTransition],
  })
  cancel(@CurrentActor() me: CustomerActor, @Body() body: CommReasonRequestDto) {
    return this.requests.cancel(me, body);
  }

  @Post('order/accept')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Accept the quote: creates the shop order (2 → 3)',
    description:
      "The order-create body plus `id` (the request) and optional `quote_version`. One line: the request's product at the quoted amount, quantity 1; address, remark and coupons as in order create. " +
      'Without `id`, your single quoted request for goods_id is used. Exactly one order per request: repeating the call (or racing it) returns the same order. data = the order.\n\n' +
      COMM_TRANSITIONS_DOC,
  })
  @ApiEnvelope(OrderResponseDto, {
    errors: [
      CommErrors.notFound,
      CommErrors.invalidTransition,
      CommErrors.quoteStale,
      CommErrors.quoteExpired,
      CommErrors.noQuotedRequest,
      CommErrors.ambiguousRequest,
      CommErrors.acceptNeedsTarget,
      CommErrors.acceptBodyMismatch,
      CatalogueErrors.notOnSale,
      CatalogueErrors.outOfStock,
    ],
  })
  accept(@CurrentActor() me: CustomerActor, @Body() body: AcceptCommOrderRequestDto) {
    return this.acceptance.accept(me, body);
  }
}
