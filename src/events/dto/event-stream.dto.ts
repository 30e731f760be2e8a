import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';
import { IsDbId, OptionalNotNull } from '../../common/validation/db-bounds.decorators.js';
import { ACTOR_ROLES } from '../../common/state-machine/actor.js';
import { EVENT_TYPE_NAMES } from '../event-catalogue.js';

/** GET /api/events and /system/api/events. */
export class EventStreamQueryDto {
  @ApiPropertyOptional({
    description:
      'First connection only: resume after this event id (a reconnect sends the `Last-Event-ID` header, which wins). An id no longer in the log: one `reset` event, then live.',
    example: 1024,
  })
  @OptionalNotNull()
  @IsDbId({ query: true, bigint: true })
  last_event_id?: number;

  @ApiPropertyOptional({
    description:
      'A single-use stream ticket (POST /api/events/ticket or /system/api/events/ticket), for clients that cannot send headers (EventSource). Tokens are never accepted in the URL: `token`, `admin` and `access_token` answer 1001.',
  })
  @OptionalNotNull()
  @IsString()
  @MaxLength(100)
  @Matches(/^[\w-]+$/, {
    message: 'ticket must be the base64url string POST .../events/ticket gave',
  })
  ticket?: string;
}

/** The `data:` of every event (JSON, one line). Documentation only: frames are built in sse-frames.ts. */
export class DomainEventDataDto {
  @ApiProperty({
    description: 'The event id (also the `id:` line): the resume cursor',
    example: 1024,
  })
  id: number;

  @ApiProperty({
    enum: EVENT_TYPE_NAMES,
    description: 'Also the `event:` line (docs/events.md: the catalogue)',
  })
  type: string;

  @ApiProperty({
    nullable: true,
    type: 'integer',
    description: 'The request it is about',
    example: 12,
  })
  comm_order_id: number | null;

  @ApiProperty({
    nullable: true,
    type: 'string',
    description: "The shop order's number it is about",
    example: '202611231530001234',
  })
  order_id: string | null;

  @ApiProperty({
    nullable: true,
    type: 'integer',
    description: 'The message it is about',
    example: 88,
  })
  message_id: number | null;

  @ApiProperty({
    nullable: true,
    type: 'integer',
    description: 'Status of the request or order after the change',
    example: 1,
  })
  status: number | null;

  @ApiProperty({ enum: ACTOR_ROLES, description: 'Who made the change' })
  actor: string;

  @ApiProperty({ description: 'Unix seconds', example: 1_800_000_000 })
  created_time: number;
}

/** POST /api/events/ticket, /system/api/events/ticket. */
export class StreamTicketResponseDto {
  @ApiProperty({
    description: 'Pass as `?ticket=` when opening the stream; works once, on any instance',
    example: 'q0Tc3m5mJ8cN1YxkZsH4v3m3Yl5bq0y9cKc0aV2pQk8',
  })
  ticket: string;

  @ApiProperty({ description: 'Unix seconds after which the ticket no longer opens a stream' })
  expire_time: number;

  @ApiProperty({ description: 'Seconds the ticket lives (EVENTS_TICKET_TTL)', example: 60 })
  expires_in: number;
}
