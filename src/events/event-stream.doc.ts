import { applyDecorators } from '@nestjs/common';
import {
  ApiDefaultResponse,
  ApiExtraModels,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  getSchemaPath,
} from '@nestjs/swagger';
import { AcceptsStreamTicket } from '../common/auth/stream-ticket.js';
import { RawResponse } from '../common/http/envelope.interceptor.js';
import { CommonErrors } from '../common/errors/app-error.js';
import { ErrorEnvelopeDto, withNote } from '../common/swagger/api-envelope.decorators.js';
import { DomainEventDataDto } from './dto/event-stream.dto.js';
import { EventErrors } from './events.errors.js';
import { RETRY_MS } from './sse-frames.js';

export const STREAM_ERRORS = [
  withNote(EventErrors.tooManyStreams, 'HTTP 429 with Retry-After'),
  withNote(EventErrors.streamsFull, 'HTTP 503 with Retry-After'),
  withNote(EventErrors.closing, 'HTTP 503 with Retry-After'),
  EventErrors.badCursor,
  CommonErrors.validation,
];

const FORMAT = [
  'A Server-Sent Events stream (`text/event-stream`; docs/events.md). It opens with',
  `\`retry: ${RETRY_MS}\`, then each event is \`id: <event id>\`, \`event: <type>\` and one`,
  '`data:` line of JSON (DomainEventData: thin ids, never text or prices; fetch details over',
  'REST). A `: ping` comment comes every EVENTS_HEARTBEAT_SECONDS (20 s).',
  '',
  '**Resume**: on reconnect the browser sends `Last-Event-ID`; the stream goes on exactly after',
  'that event (no gap, no duplicate). `?last_event_id=` does the same on a first connection.',
  'Without either, the stream starts live. An id no longer in the log (older than the retention,',
  'or unknown) gets one `event: reset` (its `id:` is where the stream goes on from): refetch what',
  'you show, then keep reading.',
  '',
  '**Auth**: as every route (header, `token` cookie, Bearer), or `?ticket=` from the ticket route',
  '(EventSource cannot send headers). Never a token in the URL. The stream ends (normally) when',
  'the token expires, the account is disabled or its password changed, or (staff) its role',
  'changes; on server shutdown; and the connection is dropped when the client stops reading.',
  'Reconnect with Last-Event-ID in every case.',
  '',
  'Errors before the stream starts are the usual JSON envelope.',
].join('\n');

/** Swagger and behaviour shared by both stream routes. */
export const ApiEventStream = (summary: string, who: string) =>
  applyDecorators(
    RawResponse(),
    AcceptsStreamTicket(),
    ApiOperation({ summary, description: `${who}\n\n${FORMAT}` }),
    ApiProduces('text/event-stream'),
    ApiExtraModels(DomainEventDataDto, ErrorEnvelopeDto),
    ApiHeader({
      name: 'Last-Event-ID',
      required: false,
      description: 'The last event id received (browsers send it on reconnect)',
    }),
    ApiOkResponse({
      description: `Server-Sent Events; each \`data:\` is a [DomainEventData](#/components/schemas/DomainEventDataDto). Example:\n\n    retry: ${RETRY_MS}\n\n    id: 1024\n    event: comm.message.created\n    data: {"id":1024,"type":"comm.message.created","comm_order_id":12,"order_id":null,"message_id":88,"status":1,"actor":"staff","created_time":1800000000}\n\n    : ping`,
      content: {
        'text/event-stream': {
          schema: {
            type: 'string',
            description: `SSE frames; each data line is a ${getSchemaPath(DomainEventDataDto)}`,
          },
        },
      },
    }),
    ApiDefaultResponse({
      description:
        'Refusals before the stream starts come as the JSON error envelope: 1001, 1002, or -1 with ' +
        STREAM_ERRORS.map((e) => ('reason' in e ? e.reason : `${e.entry.reason} (${e.note})`)).join(
          ', ',
        ),
      type: ErrorEnvelopeDto,
    }),
  );
