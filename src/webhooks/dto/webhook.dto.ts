import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidationArguments,
  ValidateBy,
} from 'class-validator';
import { PageQueryDto } from '../../common/pagination/page-query.dto.js';
import {
  IsDbId,
  IsUnixTime,
  OptionalNotNull,
} from '../../common/validation/db-bounds.decorators.js';
import { NO_NUL, trimString } from '../../common/validation/dto-limits.js';
import { IdQueryDto } from '../../common/validation/id-query.dto.js';
import { EVENT_TYPE_NAMES, isEventType } from '../../events/event-catalogue.js';

/** Every entry of the array is a type of the event catalogue; the message names the others. */
function IsEventTypeList(): PropertyDecorator {
  return ValidateBy({
    name: 'isEventTypeList',
    validator: {
      validate: (value: unknown) =>
        Array.isArray(value) && value.every((v) => typeof v === 'string' && isEventType(v)),
      defaultMessage: (args?: ValidationArguments) => {
        const value: unknown = args?.value;
        const unknown = Array.isArray(value)
          ? value.filter((v) => typeof v !== 'string' || !isEventType(v))
          : [value];
        return `events: unknown event type ${unknown.map((v) => JSON.stringify(v)).join(', ')} (known types: ${EVENT_TYPE_NAMES.join(', ')})`;
      },
    },
  });
}

export class WebhookResponseDto {
  @ApiProperty({ example: 1 }) id: number;
  @ApiProperty({ example: 'https://erp.example.com/hooks/shop' }) url: string;
  @ApiProperty({ example: 'ERP order sync' }) description: string;
  @ApiProperty({
    example: ['comm.order.created', 'order.paid'],
    enum: EVENT_TYPE_NAMES,
    isArray: true,
  })
  events: string[];
  @ApiProperty({ example: true, description: 'false: nothing is queued or sent' })
  enabled: boolean;
  @ApiProperty({
    example: '',
    description:
      'Why the server disabled it (the receiver answered 410, or every try failed for 5 days); "" otherwise',
  })
  disabled_reason: string;
  @ApiProperty({ example: 0, description: 'Unix seconds since every try failed; 0 = not failing' })
  failing_since: number;
  @ApiProperty({
    example: 0,
    description:
      'After a rotation: the old secret signs too until this time (unix seconds); 0 = none',
  })
  previous_secret_until: number;
  @ApiPropertyOptional({
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    description:
      'The signing secret: only in the answer to a create or a rotation (it is never shown again)',
  })
  secret?: string;
  @ApiProperty({ example: 1669012062 }) created_time: number;
  @ApiProperty({ example: 1669012062 }) updated_time: number;
}

export class WebhookIdQueryDto extends IdQueryDto {}

export class WebhookIdBodyDto {
  @ApiProperty({ example: 1 })
  @IsDbId()
  id: number;
}

/** POST /system/api/webhook/detail: no `id` creates (url and events required), `id` updates. */
export class SaveWebhookRequestDto {
  @ApiPropertyOptional({ example: 0 })
  @OptionalNotNull()
  @IsDbId({ zero: true })
  id?: number;

  @ApiPropertyOptional({
    example: 'https://erp.example.com/hooks/shop',
    description:
      'https (http only with WEBHOOK_ALLOW_HTTP=1); must resolve to public addresses only (see the outbound address rules)',
  })
  @OptionalNotNull()
  @Transform(trimString)
  @IsString()
  @MinLength(1)
  @MaxLength(2048)
  @Matches(NO_NUL, { message: 'url must not contain NUL characters' })
  url?: string;

  @ApiPropertyOptional({
    example: ['comm.order.created'],
    enum: EVENT_TYPE_NAMES,
    isArray: true,
    description: 'Event types to send (docs/events.md); at least one',
  })
  @OptionalNotNull()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(EVENT_TYPE_NAMES.length)
  @IsEventTypeList()
  events?: string[];

  @ApiPropertyOptional({ example: true, description: 'Re-enabling clears disabled_reason' })
  @OptionalNotNull()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({ example: 'ERP order sync' })
  @OptionalNotNull()
  @Transform(trimString)
  @IsString()
  @MaxLength(500)
  @Matches(NO_NUL, { message: 'description must not contain NUL characters' })
  description?: string;
}

export class WebhookTestResponseDto {
  @ApiProperty({ example: true, description: 'The receiver answered 2xx' }) ok: boolean;
  @ApiProperty({ example: 200, nullable: true, type: Number }) status_code: number | null;
  @ApiProperty({ example: 35 }) duration_ms: number;
  @ApiProperty({ example: 'ok', description: 'The first 2 KB of the answer' }) response: string;
  @ApiProperty({ example: '', description: 'Why it failed without an answer (or was not sent)' })
  error: string;
}

export class WebhookAttemptResponseDto {
  @ApiProperty({ example: 200, nullable: true, type: Number, description: 'null: no answer' })
  status_code: number | null;
  @ApiProperty({ example: 35 }) duration_ms: number;
  @ApiProperty({ example: 'ok', description: 'The first 2 KB of the answer' }) response: string;
  @ApiProperty({ example: '' }) error: string;
  @ApiProperty({ example: 1669012062 }) created_time: number;
}

export class WebhookDeliveryResponseDto {
  @ApiProperty({ example: 812, description: 'The event id (the webhook-id header)' })
  event_id: number;
  @ApiProperty({ example: 'order.paid' }) type: string;
  @ApiProperty({ example: 'pending', enum: ['pending', 'delivered', 'failed'] }) status: string;
  @ApiProperty({ example: 2, description: 'Tries made' }) tries: number;
  @ApiProperty({ example: 1669012362, description: 'Unix seconds of the next try; 0 = none' })
  next_try: number;
  @ApiProperty({ example: 0, description: 'Unix seconds; 0 = not (yet) delivered' })
  delivered_time: number;
  @ApiProperty({ example: 1669012062 }) created_time: number;
  @ApiProperty({ type: [WebhookAttemptResponseDto], description: 'Newest first' })
  attempts: WebhookAttemptResponseDto[];
}

export class WebhookAttemptsQueryDto extends PageQueryDto {
  @ApiProperty({ example: 1, description: 'The endpoint' })
  @IsDbId({ query: true })
  id: number;

  @ApiPropertyOptional({ example: 812, description: 'Only this event' })
  @OptionalNotNull()
  @IsDbId({ query: true })
  event_id?: number;
}

export class WebhookReplayRequestDto {
  @ApiProperty({ example: 1, description: 'The endpoint' })
  @IsDbId()
  id: number;

  @ApiPropertyOptional({ example: 812, description: 'One event (sent again with the same id)' })
  @OptionalNotNull()
  @IsDbId()
  event_id?: number;

  @ApiPropertyOptional({
    example: 1669012062,
    description: 'Every event of the endpoint’s types from this time (unix seconds) on',
  })
  @OptionalNotNull()
  @IsUnixTime()
  since?: number;
}

export class WebhookReplayResponseDto {
  @ApiProperty({ example: 3, description: 'Deliveries queued again' }) queued: number;
}
