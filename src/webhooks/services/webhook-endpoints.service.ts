import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { AuditService } from '../../audit/services/audit.service.js';
import { afterCommit } from '../../common/database/after-commit.js';
import { updateReturning } from '../../common/database/raw-sql.js';
import { Page } from '../../common/http/envelope.js';
import { PageQueryDto, pageAndTotal, pageWindow } from '../../common/pagination/page-query.dto.js';
import { SaveWebhookRequestDto, WebhookResponseDto } from '../dto/webhook.dto.js';
import { WebhookEndpoint } from '../entities/webhook-endpoint.entity.js';
import { newSigningSecret } from '../webhook-message.js';
import { toWebhookResponse } from '../webhook.mapper.js';
import { WebhookErrors } from '../webhooks.errors.js';
import { WebhookQueries } from '../webhook.queries.js';
import { OutboundTargetService } from './outbound-target.service.js';
import { StaffNotices } from '../../notifications/services/staff-notices.service.js';

/** After a rotation the old secret signs too for this long, so receivers can switch over. */
export const PREVIOUS_SECRET_SECONDS = 24 * 3600;

/**
 * Webhook endpoints: staff management (owner only, audited) and the one place an endpoint is
 * disabled by the server. A secret is returned only by create and rotate.
 */
@Injectable()
export class WebhookEndpointsService {
  private readonly logger = new Logger('Webhooks');

  constructor(
    @InjectRepository(WebhookEndpoint) private readonly endpoints: Repository<WebhookEndpoint>,
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly targets: OutboundTargetService,
    private readonly staffNotices: StaffNotices,
  ) {}

  async list(query: PageQueryDto): Promise<Page<WebhookResponseDto>> {
    const [rows, total] = await pageAndTotal(
      this.endpoints.createQueryBuilder('w').orderBy('w.id', 'DESC'),
      pageWindow(query),
    );
    return new Page(
      rows.map((row) => toWebhookResponse(row)),
      total,
    );
  }

  async detail(id: number): Promise<WebhookResponseDto> {
    return toWebhookResponse(await this.find(this.dataSource.manager, id));
  }

  /** The endpoint (never its secrets), locked for the caller's transaction when asked. */
  async find(manager: EntityManager, id: number, lock = false): Promise<WebhookEndpoint> {
    const endpoint = await manager.findOne(WebhookEndpoint, {
      where: { id },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!endpoint) throw WebhookErrors.notFound();
    return endpoint;
  }

  /**
   * Creates (url and events required; answers the new secret, once) or updates the fields sent.
   * The URL is checked (DNS included) before the transaction; re-enabling clears the reason the
   * server disabled it and the failing streak.
   */
  async save(input: SaveWebhookRequestDto): Promise<WebhookResponseDto> {
    if (!input.id && (input.url === undefined || input.events === undefined))
      throw WebhookErrors.createNeedsTarget();
    if (input.url !== undefined) await this.targets.check(input.url);
    let secret: string | undefined;
    const id = await this.dataSource.transaction(async (manager) => {
      const endpoint = input.id
        ? await this.find(manager, input.id, true)
        : manager.create(WebhookEndpoint, { secret: (secret = newSigningSecret()) });
      if (input.url !== undefined) endpoint.url = input.url;
      if (input.events !== undefined) endpoint.events = [...new Set(input.events)];
      if (input.description !== undefined) endpoint.description = input.description;
      if (input.enabled !== undefined) {
        if (input.enabled && !endpoint.enabled) {
          endpoint.disabledReason = null;
          endpoint.failingSince = null;
        }
        endpoint.enabled = input.enabled;
      }
      const saved = await manager.save(WebhookEndpoint, endpoint);
      await this.audit.record(manager, {
        action: input.id ? 'webhook.update' : 'webhook.create',
        entityType: 'webhook',
        entityId: saved.id,
        details: {
          url: saved.url,
          events: saved.events,
          enabled: saved.enabled,
          fields: Object.keys(input).filter((k) => k !== 'id'),
        },
      });
      return saved.id;
    });
    const answer = await this.detail(id);
    return secret ? { ...answer, secret } : answer;
  }

  /** Deletes the endpoint with its deliveries and their tries. */
  async delete(id: number): Promise<null> {
    await this.dataSource.transaction(async (manager) => {
      const [row] = await updateReturning<{ url: string }>(manager, WebhookQueries.deleteEndpoint, [
        id,
      ]);
      if (!row) throw WebhookErrors.notFound();
      await this.audit.record(manager, {
        action: 'webhook.delete',
        entityType: 'webhook',
        entityId: id,
        details: { url: row.url },
      });
    });
    return null;
  }

  /**
   * A new secret, answered once. The current one becomes the previous one and keeps signing
   * (a second signature) for 24 h; a previous one still in its 24 h is dropped.
   */
  async rotate(id: number): Promise<WebhookResponseDto> {
    const secret = newSigningSecret();
    await this.dataSource.transaction(async (manager) => {
      const [row] = await updateReturning<{ id: number }>(manager, WebhookQueries.rotateSecret, [
        id,
        secret,
        PREVIOUS_SECRET_SECONDS,
      ]);
      if (!row) throw WebhookErrors.notFound();
      await this.audit.record(manager, {
        action: 'webhook.rotate',
        entityType: 'webhook',
        entityId: id,
      });
    });
    return { ...(await this.detail(id)), secret };
  }

  /**
   * The server disables an endpoint (the receiver answered 410 Gone, or every try failed for
   * 5 days): nothing more is queued or sent until staff enable it again. The one place this
   * happens, so a notice to staff belongs here (in `manager`'s transaction or after its commit).
   */
  async disable(manager: EntityManager, endpointId: number, reason: string): Promise<boolean> {
    const [row] = await updateReturning<{ id: number; url: string; disabled_at: string }>(
      manager,
      WebhookQueries.disableEndpoint,
      [endpointId, reason.slice(0, 200)],
    );
    if (!row) return false;
    // Staff learn of it by mail, queued in this transaction (sent after commit); one mail per
    // disabling, so an endpoint enabled and disabled again is announced again.
    await this.staffNotices.queue(manager, {
      key: `webhook.disabled:${endpointId}:${row.disabled_at}`,
      subject: `Webhook endpoint #${endpointId} was disabled`,
      text: [
        `The webhook endpoint #${endpointId} (${publicPartOf(row.url)}) was disabled: ${reason}.`,
        'Nothing more is delivered to it. Fix the receiver, then enable it again at',
        'POST /system/api/webhook/detail ({"id": ' +
          endpointId +
          ', "enabled": true}) and replay what',
        'it missed with POST /system/api/webhook/replay.',
      ].join('\n'),
    });
    afterCommit(manager, () =>
      this.logger.warn({ msg: 'webhook endpoint disabled', endpoint_id: endpointId, reason }),
    );
    return true;
  }
}

/** The URL without its query and credentials (a receiver's token may ride in either). */
function publicPartOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return '(unreadable URL)';
  }
}
