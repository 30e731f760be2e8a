import { Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  Admin,
  CurrentAdmin,
  CurrentCustomer,
  CustomerOnly,
  StaffPermission,
} from '../../common/auth/access.decorators.js';
import type { AdminPrincipal, CustomerPrincipal } from '../../common/auth/principal.js';
import { CurrentCredential } from '../../common/auth/stream-ticket.js';
import type { Credential } from '../../common/auth/stream-ticket.js';
import { NoIdempotencyKey } from '../../common/http/idempotent-route.js';
import { ApiEnvelope } from '../../common/swagger/api-envelope.decorators.js';
import { EventStreamQueryDto, StreamTicketResponseDto } from '../dto/event-stream.dto.js';
import { ApiEventStream } from '../event-stream.doc.js';
import { EventStreamService } from '../services/event-stream.service.js';
import { StreamTicketService } from '../services/stream-ticket.service.js';
import { ApiTag } from '../../common/swagger/api-tags.js';

const TICKET_DOC =
  'A single-use ticket for `?ticket=` on the stream (browsers: EventSource cannot send headers). ' +
  'It lives EVENTS_TICKET_TTL (60 s), opens one stream on any instance, and that stream ends when ' +
  'the token used here would have expired.';
const NO_REPLAY = 'the answer is a credential (a single-use ticket): never stored for replay';

/** The customer's live events (docs/events.md). */
@ApiTag('Events')
@CustomerOnly()
@Controller('api/events')
export class EventStreamController {
  constructor(
    private readonly streams: EventStreamService,
    private readonly tickets: StreamTicketService,
  ) {}

  @Get()
  @ApiEventStream(
    'My live events (Server-Sent Events)',
    'Events about your own requests and orders, of the types the catalogue marks for customers.',
  )
  open(
    @CurrentCustomer() me: CustomerPrincipal,
    @CurrentCredential() credential: Credential | undefined,
    @Query() query: EventStreamQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.streams.open(me, credential, { lastEventId: query.last_event_id }, request, reply);
  }

  @Post('ticket')
  @HttpCode(200)
  @NoIdempotencyKey(NO_REPLAY)
  @ApiOperation({ summary: 'A ticket to open my event stream', description: TICKET_DOC })
  @ApiEnvelope(StreamTicketResponseDto)
  ticket(@CurrentCustomer() me: CustomerPrincipal, @CurrentCredential() credential: Credential) {
    return this.tickets.issue(me, credential);
  }
}

/** Staff's live events, filtered by role (docs/events.md). */
@ApiTag('Staff: events')
@Admin()
@Controller('system/api/events')
export class AdminEventStreamController {
  constructor(
    private readonly streams: EventStreamService,
    private readonly tickets: StreamTicketService,
  ) {}

  @Get()
  @StaffPermission('events.read')
  @ApiEventStream(
    'Live events of the shop (Server-Sent Events)',
    "Every customer's events of the types your role sees (the catalogue in docs/events.md: service requests and messages, fulfilment orders, finance payments and refunds, owner all).",
  )
  open(
    @CurrentAdmin() me: AdminPrincipal,
    @CurrentCredential() credential: Credential | undefined,
    @Query() query: EventStreamQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.streams.open(me, credential, { lastEventId: query.last_event_id }, request, reply);
  }

  @Post('ticket')
  @HttpCode(200)
  @StaffPermission('events.read')
  @NoIdempotencyKey(NO_REPLAY)
  @ApiOperation({ summary: 'A ticket to open the staff event stream', description: TICKET_DOC })
  @ApiEnvelope(StreamTicketResponseDto)
  ticket(@CurrentAdmin() me: AdminPrincipal, @CurrentCredential() credential: Credential) {
    return this.tickets.issue(me, credential);
  }
}
