import { ApiRequestExample, ApiExampleNeeds } from '../../common/swagger/openapi-first-contact.js';
import { COMM_TRANSITIONS_DOC } from './comm-transitions.doc.js';
import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { Admin, StaffPermission } from '../../common/auth/access.decorators.js';
import { CurrentActor } from '../../common/auth/current-actor.js';
import type { StaffActor } from '../../common/state-machine/actor.js';
import { ApiEnvelope, ApiPageEnvelope } from '../../common/swagger/api-envelope.decorators.js';
import { CommErrors } from '../communication.errors.js';
import { CommMessagesQueryDto, SendMessageRequestDto } from '../dto/comm-message.request.dto.js';
import { CommOrderIdQueryDto, CommOrderIdRequestDto } from '../dto/comm-order.request.dto.js';
import {
  CommMessageResponseDto,
  CommOrderDetailResponseDto,
  CommOrderResponseDto,
  CommReadStateResponseDto,
} from '../dto/comm-order.response.dto.js';
import {
  CommImagesRequestDto,
  QuoteRequestDto,
  StaffCancelRequestDto,
  StaffCommOrderListQueryDto,
} from '../dto/staff-comm.request.dto.js';
import { CommConversationService } from '../services/comm-conversation.service.js';
import { CommOrderQueryService } from '../services/comm-order-query.service.js';
import { StaffCommOrderService } from '../services/staff-comm-order.service.js';
import { ApiTag } from '../../common/swagger/api-tags.js';
import { COUNT_CAP } from '../../common/pagination/keyset.js';

/** The staff side of communication orders. */
@ApiTag('Staff: communication orders')
@Admin()
@Controller('system/api/communication')
export class StaffCommunicationController {
  constructor(
    private readonly query: CommOrderQueryService,
    private readonly decisions: StaffCommOrderService,
    private readonly conversation: CommConversationService,
  ) {}

  @Get('order/list')
  @StaffPermission('requests.read')
  @ApiOperation({
    summary: 'All communication orders',
    description:
      'Filters: status, user (id or name), archive_id, keyword, unread=1 (unread customer messages). Default sort: longest-waiting customer first.',
  })
  @ApiPageEnvelope(CommOrderResponseDto, { cappedTotal: COUNT_CAP })
  list(@Query() query: StaffCommOrderListQueryDto) {
    return this.query.listForStaff(query);
  }

  @Get('order/detail')
  @StaffPermission('requests.read')
  @ApiOperation({ summary: 'One communication order, with every quote version' })
  @ApiEnvelope(CommOrderDetailResponseDto, { errors: [CommErrors.notFound] })
  detail(@CurrentActor() me: StaffActor, @Query() query: CommOrderIdQueryDto) {
    return this.query.detail(me, query.id);
  }

  @Get('messages')
  @StaffPermission('requests.read')
  @ApiOperation({ summary: 'Messages of a communication order (paged like the customer list)' })
  @ApiPageEnvelope(CommMessageResponseDto, { errors: [CommErrors.notFound] })
  messages(@CurrentActor() me: StaffActor, @Query() query: CommMessagesQueryDto) {
    return this.query.messages(me, query);
  }

  @Post('message/send')
  @HttpCode(200)
  @StaffPermission('requests.handle')
  @ApiOperation({
    summary: 'Reply to the customer',
    description:
      'The first staff message on a pending request moves it to 1 (in communication) and assigns admin_id.',
  })
  @ApiEnvelope(CommMessageResponseDto, {
    errors: [
      CommErrors.notFound,
      CommErrors.invalidTransition,
      CommErrors.messageTypeNotAllowed,
      CommErrors.badImageUrl,
    ],
  })
  send(@CurrentActor() me: StaffActor, @Body() body: SendMessageRequestDto) {
    return this.conversation.send(me, body);
  }

  @Post('order/quote')
  @HttpCode(200)
  @StaffPermission('requests.handle')
  @ApiOperation({
    summary: 'Quote (or quote again)',
    description: `quote_price in currency units ("9900" or "99.50"); a new immutable quote version each time. ${COMM_TRANSITIONS_DOC}`,
  })
  @ApiEnvelope(CommOrderResponseDto, {
    errors: [
      CommErrors.notFound,
      CommErrors.invalidTransition,
      CommErrors.invalidQuotePrice,
      CommErrors.validUntilPassed,
    ],
  })
  @ApiRequestExample(QuoteRequestDto, "Quote the demo's open request", {
    id: 2,
    quote_price: '49.00',
    quote_content: 'Mug with Bao on both sides, ships in 3 days.',
  })
  quote(@CurrentActor() me: StaffActor, @Body() body: QuoteRequestDto) {
    return this.decisions.quote(me, body);
  }

  @Post('order/images')
  @HttpCode(200)
  @StaffPermission('requests.handle')
  @ApiOperation({
    summary: 'Set sketch and/or finished images',
    description: 'Each list sent replaces the stored one; new URLs are posted as image messages.',
  })
  @ApiEnvelope(CommOrderResponseDto, {
    errors: [CommErrors.notFound, CommErrors.invalidTransition],
  })
  images(@CurrentActor() me: StaffActor, @Body() body: CommImagesRequestDto) {
    return this.conversation.setImages(me, body);
  }

  @ApiExampleNeeds(
    'put the id of an open request (GET /system/api/communication/order/list); cancelling a demo request ends it for the other examples.',
  )
  @Post('order/cancel')
  @HttpCode(200)
  @StaffPermission('requests.handle')
  @ApiOperation({
    summary: 'Cancel a communication order (reason required)',
    description: COMM_TRANSITIONS_DOC,
  })
  @ApiEnvelope(CommOrderResponseDto, {
    errors: [CommErrors.notFound, CommErrors.invalidTransition],
  })
  cancel(@CurrentActor() me: StaffActor, @Body() body: StaffCancelRequestDto) {
    return this.decisions.cancel(me, body);
  }

  @Post('order/read')
  @HttpCode(200)
  @StaffPermission('requests.handle')
  @ApiOperation({ summary: 'Mark the staff side of the thread read' })
  @ApiEnvelope(CommReadStateResponseDto, { errors: [CommErrors.notFound] })
  read(@CurrentActor() me: StaffActor, @Body() body: CommOrderIdRequestDto) {
    return this.conversation.read(me, body.id);
  }
}
