import { ApiRequestExample, ApiExampleNeeds } from '../../common/swagger/openapi-first-contact.js';
import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { Admin } from '../../common/auth/access.decorators.js';
import { CommonErrors } from '../../common/errors/app-error.js';
import { PageQueryDto } from '../../common/pagination/page-query.dto.js';
import { ApiEnvelope, ApiPageEnvelope } from '../../common/swagger/api-envelope.decorators.js';
import {
  SaveWebhookRequestDto,
  WebhookAttemptsQueryDto,
  WebhookDeliveryResponseDto,
  WebhookIdBodyDto,
  WebhookIdQueryDto,
  WebhookReplayRequestDto,
  WebhookReplayResponseDto,
  WebhookResponseDto,
  WebhookTestResponseDto,
} from '../dto/webhook.dto.js';
import { WebhookDeliveriesService } from '../services/webhook-deliveries.service.js';
import { WebhookEndpointsService } from '../services/webhook-endpoints.service.js';
import { WebhookErrors } from '../webhooks.errors.js';
import { ApiTag } from '../../common/swagger/api-tags.js';

const SIGNING =
  'Deliveries follow Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature); see docs/notifications.md.';

/** Owner only (no @StaffPermission): an endpoint receives every order's events. */
@ApiTag('Staff: webhooks')
@Admin()
@Controller('system/api/webhook')
export class AdminWebhookController {
  constructor(
    private readonly endpoints: WebhookEndpointsService,
    private readonly deliveries: WebhookDeliveriesService,
  ) {}

  @Get('list')
  @ApiOperation({ summary: 'Webhook endpoints, newest first (never their secrets)' })
  @ApiPageEnvelope(WebhookResponseDto)
  list(@Query() query: PageQueryDto) {
    return this.endpoints.list(query);
  }

  @ApiExampleNeeds(
    'put the id of an endpoint you created (POST /system/api/webhook/detail; the demo data has none).',
  )
  @Get('detail')
  @ApiOperation({ summary: 'One webhook endpoint (never its secret)' })
  @ApiEnvelope(WebhookResponseDto, { errors: [WebhookErrors.notFound] })
  detail(@Query() query: WebhookIdQueryDto) {
    return this.endpoints.detail(query.id);
  }

  @ApiExampleNeeds(
    'set url to your own receiver: it must resolve to a public address (private networks are refused unless WEBHOOK_ALLOW_PRIVATE is set).',
  )
  @Post('detail')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Create (no id) or update (id) a webhook endpoint',
    description: `Updates change only the fields sent. A create answers the signing secret (\`whsec_…\`) once. ${SIGNING}`,
  })
  @ApiEnvelope(WebhookResponseDto, {
    errors: [
      WebhookErrors.notFound,
      WebhookErrors.targetRefused,
      WebhookErrors.createNeedsTarget,
      CommonErrors.validation,
    ],
  })
  save(@Body() body: SaveWebhookRequestDto) {
    return this.endpoints.save(body);
  }

  @ApiExampleNeeds(
    'put the id of an endpoint you created (POST /system/api/webhook/detail; the demo data has none).',
  )
  @Post('delete')
  @HttpCode(200)
  @ApiOperation({ summary: 'Delete a webhook endpoint with its delivery history' })
  @ApiEnvelope('null', { errors: [WebhookErrors.notFound] })
  delete(@Body() body: WebhookIdBodyDto) {
    return this.endpoints.delete(body.id);
  }

  @ApiExampleNeeds(
    'put the id of an endpoint you created (POST /system/api/webhook/detail; the demo data has none).',
  )
  @Post('rotate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Rotate the signing secret',
    description:
      'Answers the new secret once. The old one keeps signing too (a second signature) for 24 hours.',
  })
  @ApiEnvelope(WebhookResponseDto, { errors: [WebhookErrors.notFound] })
  rotate(@Body() body: WebhookIdBodyDto) {
    return this.endpoints.rotate(body.id);
  }

  @ApiExampleNeeds(
    'put the id of an endpoint you created (POST /system/api/webhook/detail; the demo data has none).',
  )
  @Post('test')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Send a signed `webhook.ping` now and answer what the receiver said',
    description: 'Nothing is queued or retried. A refused target answers ok=false with the rule.',
  })
  @ApiEnvelope(WebhookTestResponseDto, { errors: [WebhookErrors.notFound] })
  test(@Body() body: WebhookIdBodyDto) {
    return this.deliveries.ping(body.id);
  }

  @ApiExampleNeeds(
    'put the id of an endpoint you created (POST /system/api/webhook/detail; the demo data has none).',
  )
  @Get('attempts')
  @ApiOperation({
    summary: "An endpoint's deliveries (one per event), newest first, with their tries",
    description:
      'Per try: HTTP status, duration, the first 2 KB of the answer; per delivery: the next try.',
  })
  @ApiPageEnvelope(WebhookDeliveryResponseDto, { errors: [WebhookErrors.notFound] })
  attempts(@Query() query: WebhookAttemptsQueryDto) {
    return this.deliveries.attempts(query);
  }

  @ApiExampleNeeds(
    'put the id of an endpoint you created (POST /system/api/webhook/detail; the demo data has none).',
  )
  @Post('replay')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Send one event (event_id) or every event since a time (since) again',
    description:
      'Queued due now with the same webhook-id as before; events are read from the event log (kept for EVENTS_RETENTION).',
  })
  @ApiEnvelope(WebhookReplayResponseDto, {
    errors: [WebhookErrors.notFound, WebhookErrors.eventNotFound, WebhookErrors.replayWhat],
  })
  @ApiRequestExample(WebhookReplayRequestDto, 'Deliver one event again', { id: 1, event_id: 812 })
  replay(@Body() body: WebhookReplayRequestDto) {
    return this.deliveries.replay(body);
  }
}
