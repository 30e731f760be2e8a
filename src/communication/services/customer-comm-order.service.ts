import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { CatalogueService } from '../../catalogue/services/catalogue.service.js';
import { EventLogService } from '../../events/services/event-log.service.js';
import type { CommParticipant } from '../comm-actor.js';
import { canDo, CommOrderStatus } from '../comm-order-status.js';
import { CommErrors } from '../communication.errors.js';
import {
  CommReasonRequestDto,
  CreateCommOrderRequestDto,
  UpdateCommOrderRequestDto,
} from '../dto/comm-order.request.dto.js';
import { CommOrderResponseDto } from '../dto/comm-order.response.dto.js';
import { CommOrder } from '../entities/comm-order.entity.js';
import { CommOrderLookup } from './comm-order.lookup.js';
import { CommOrderQueryService } from './comm-order-query.service.js';
import { CommOrderTransitionService } from './comm-order-transition.service.js';
import { CommThreadWriter } from './comm-thread.writer.js';

const UPDATABLE_FIELDS = [
  'title',
  'content',
  'phone',
  'images',
  'order_extra',
  'event_date',
] as const;

/** What a customer does to their own requests: open, edit, reject a quote, cancel. */
@Injectable()
export class CustomerCommOrderService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly catalogue: CatalogueService,
    private readonly lookup: CommOrderLookup,
    private readonly transitions: CommOrderTransitionService,
    private readonly thread: CommThreadWriter,
    private readonly query: CommOrderQueryService,
    private readonly events: EventLogService,
  ) {}

  /** The product must exist and be on sale (CatalogueService.assertOrderable). */
  async create(
    actor: CommParticipant,
    input: CreateCommOrderRequestDto,
  ): Promise<CommOrderResponseDto> {
    const order = await this.dataSource.transaction(async (manager) => {
      await this.catalogue.assertOrderable(manager, input.archive_id);
      const repository = manager.getRepository(CommOrder);
      const created = await repository.save(
        repository.create({
          userId: actor.id,
          archiveId: input.archive_id,
          title: input.title,
          content: input.content,
          phone: input.phone,
          images: input.images ?? [],
          orderExtra: input.order_extra ?? {},
          eventDate: input.event_date ?? '',
          status: CommOrderStatus.Pending,
          // A new request waits for its first staff answer from the moment it is opened.
          waitingSince: new Date(),
        }),
      );
      await this.events.record(manager, {
        type: 'comm.order.created',
        userId: actor.id,
        commOrderId: created.id,
        status: created.status,
        actor: actor.role,
      });
      return created;
    });
    return this.query.present(await this.reload(order.id), 'customer');
  }

  /** Only the fields sent change; allowed while pending, in communication or rejected. */
  async update(
    actor: CommParticipant,
    input: UpdateCommOrderRequestDto,
  ): Promise<CommOrderResponseDto> {
    const updated = await this.dataSource.transaction(async (manager) => {
      const order = await this.lookup.lockVisible(manager, input.id, actor);
      if (!canDo(order.status, 'update', actor.role))
        throw CommErrors.invalidTransition('update', order.status, actor.role);
      if (input.version !== undefined && input.version !== order.version)
        throw CommErrors.versionConflict(order.version);

      const changes: QueryDeepPartialEntity<CommOrder> = {};
      if (input.title !== undefined) changes.title = input.title;
      if (input.content !== undefined) changes.content = input.content;
      if (input.phone !== undefined) changes.phone = input.phone;
      if (input.images !== undefined) changes.images = input.images;
      if (input.order_extra !== undefined) changes.orderExtra = input.order_extra;
      if (input.event_date !== undefined) changes.eventDate = input.event_date;
      const changed = UPDATABLE_FIELDS.filter((field) => input[field] !== undefined);
      if (!changed.length) return order;

      await manager
        .createQueryBuilder()
        .update(CommOrder)
        .set({ ...changes, version: () => 'version + 1', updatedTime: () => 'now()' })
        .where('id = :id AND version = :version', { id: order.id, version: order.version })
        .execute();
      await this.thread.append(manager, order.id, actor, {
        system: true,
        messageType: 'text',
        content: `The customer updated the request: ${changed.join(', ')}`,
      });
      await this.events.record(manager, {
        type: 'comm.order.updated',
        userId: order.userId,
        commOrderId: order.id,
        status: order.status,
        actor: actor.role,
      });
      return manager.getRepository(CommOrder).findOneByOrFail({ id: order.id });
    });
    return this.query.present(updated, 'customer');
  }

  async reject(actor: CommParticipant, input: CommReasonRequestDto): Promise<CommOrderResponseDto> {
    const reason = input.reason ?? '';
    const { order } = await this.dataSource.transaction(async (manager) => {
      const locked = await this.lookup.lockVisible(manager, input.id, actor);
      return this.transitions.transition(manager, locked, 'reject', actor, {
        changes: { rejectReason: reason },
        note: reason,
      });
    });
    return this.query.present(order, 'customer');
  }

  async cancel(actor: CommParticipant, input: CommReasonRequestDto): Promise<CommOrderResponseDto> {
    const reason = input.reason ?? '';
    const { order } = await this.dataSource.transaction(async (manager) => {
      const locked = await this.lookup.lockVisible(manager, input.id, actor);
      return this.transitions.transition(manager, locked, 'cancel', actor, {
        changes: { cancelReason: reason, waitingSince: null },
        note: reason,
      });
    });
    return this.query.present(order, 'customer');
  }

  private reload(id: number): Promise<CommOrder> {
    return this.dataSource.getRepository(CommOrder).findOneByOrFail({ id });
  }
}
