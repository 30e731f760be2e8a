import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../../audit/services/audit.service.js';
import { afterCommit } from '../../common/database/after-commit.js';
import { AppError } from '../../common/errors/app-error.js';
import { Page } from '../../common/http/envelope.js';
import { pageWindow } from '../../common/pagination/page-query.dto.js';
import {
  WebhookAttemptsQueryDto,
  WebhookDeliveryResponseDto,
  WebhookReplayRequestDto,
  WebhookReplayResponseDto,
  WebhookTestResponseDto,
} from '../dto/webhook.dto.js';
import { pingBody, webhookHeaders } from '../webhook-message.js';
import { WebhookErrors } from '../webhooks.errors.js';
import { OutboundTargetService } from './outbound-target.service.js';
import { WebhookDeliveryWorker } from './webhook-delivery.worker.js';
import { WebhookEndpointsService } from './webhook-endpoints.service.js';
import { WebhookOutbox } from './webhook-outbox.js';
import { WebhookSender } from './webhook-sender.js';
import { EventLogReader } from '../../events/services/event-log.reader.js';

/** Events one replay by time queues at most (replay again from the last one's time for more). */
export const REPLAY_MAX_EVENTS = 10_000;

/** What staff do with an endpoint's deliveries: read the tries, replay, send a test ping. */
@Injectable()
export class WebhookDeliveriesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly endpoints: WebhookEndpointsService,
    private readonly outbox: WebhookOutbox,
    private readonly worker: WebhookDeliveryWorker,
    private readonly targets: OutboundTargetService,
    private readonly sender: WebhookSender,
    private readonly audit: AuditService,
    private readonly eventLog: EventLogReader,
  ) {}

  /** An endpoint's deliveries, newest first, each with its newest tries (newest first). */
  async attempts(query: WebhookAttemptsQueryDto): Promise<Page<WebhookDeliveryResponseDto>> {
    const manager = this.dataSource.manager;
    await this.endpoints.find(manager, query.id);
    const { rows, total } = await this.outbox.deliveryPage(
      manager,
      query.id,
      query.event_id,
      pageWindow(query),
    );
    return new Page(
      rows.map((d) => ({
        event_id: Number(d.event_id),
        type: d.event_type,
        status: d.status,
        tries: d.tries,
        next_try: d.status === 'pending' ? (d.next_try ?? 0) : 0,
        delivered_time: d.delivered_time ?? 0,
        created_time: d.created_time,
        attempts: d.attempts.map((a) => ({
          status_code: a.status_code,
          duration_ms: a.duration_ms,
          response: a.response,
          error: a.error,
          created_time: a.created_time,
        })),
      })),
      total,
    );
  }

  /**
   * Queues one event (`event_id`) or every event of the endpoint's types since a time again,
   * due now, with the same webhook-id as before; the worker sends them after commit.
   */
  async replay(input: WebhookReplayRequestDto): Promise<WebhookReplayResponseDto> {
    if ((input.event_id === undefined) === (input.since === undefined))
      throw WebhookErrors.replayWhat();
    const queued = await this.dataSource.transaction(async (manager) => {
      const endpoint = await this.endpoints.find(manager, input.id);
      let count: number;
      if (input.event_id !== undefined) {
        const event = await this.eventLog.byId(manager, input.event_id);
        count = event
          ? await this.outbox.requeue(manager, endpoint.id, [event])
          : await this.outbox.requeueDelivery(manager, endpoint.id, input.event_id);
        if (!count) throw WebhookErrors.eventNotFound(input.event_id);
      } else {
        const events = await this.eventLog.since(
          manager,
          input.since ?? 0,
          endpoint.events,
          REPLAY_MAX_EVENTS,
        );
        count = await this.outbox.requeue(manager, endpoint.id, events);
      }
      await this.audit.record(manager, {
        action: 'webhook.replay',
        entityType: 'webhook',
        entityId: endpoint.id,
        details: { event_id: input.event_id, since: input.since, queued: count },
      });
      afterCommit(manager, () => this.worker.wake());
      return count;
    });
    return { queued };
  }

  /**
   * Sends a `webhook.ping` now (signed like every delivery, through the same address rules) and
   * answers what the receiver said. Nothing is queued or retried.
   */
  async ping(id: number): Promise<WebhookTestResponseDto> {
    const secrets = await this.dataSource.transaction(async (manager) => {
      const endpoint = await this.endpoints.find(manager, id);
      await this.audit.record(manager, {
        action: 'webhook.test',
        entityType: 'webhook',
        entityId: endpoint.id,
      });
      return { url: endpoint.url, keys: await this.outbox.signingSecrets(manager, endpoint.id) };
    });
    const now = new Date();
    const body = pingBody(id, now);
    let result;
    try {
      const target = await this.targets.check(secrets.url);
      result = await this.sender.post(
        target,
        webhookHeaders(`ping_${now.getTime()}_${id}`, body, secrets.keys, now),
        body,
      );
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      result = { ok: false, statusCode: null, durationMs: 0, response: '', error: error.message };
    }
    return {
      ok: result.ok,
      status_code: result.statusCode,
      duration_ms: result.durationMs,
      response: result.response,
      error: result.error,
    };
  }
}
