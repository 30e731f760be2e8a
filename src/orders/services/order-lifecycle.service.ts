import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG } from '../../common/config/app-config.js';
import type { AppConfig } from '../../common/config/app-config.js';
import {
  CancelOrderRequestDto,
  DeliverRequestDto,
  OrderNumberRequestDto,
} from '../dto/order-action.request.dto.js';
import { OrderResponseDto } from '../dto/order.response.dto.js';
import { Order } from '../entities/order.entity.js';
import { Actor, PersonActor, StaffActor, SYSTEM_ACTOR } from '../../common/state-machine/actor.js';
import { OrderQueryService } from './order-query.service.js';
import { OrderReservationService } from './order-reservation.service.js';
import { OrderSettlementService } from './order-settlement.service.js';
import { OrderTransitionService } from './order-transition.service.js';
import type { OrderRef } from './order.lookup.js';

const DAY_MS = 86_400_000;

/**
 * Cancel, close, deliver and finish: each one transaction = the transition (which checks the
 * table under a row lock) + its effects. Which orders an actor reaches is OrderLookup's rule.
 */
@Injectable()
export class OrderLifecycleService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transitions: OrderTransitionService,
    private readonly reservations: OrderReservationService,
    private readonly settlement: OrderSettlementService,
    private readonly query: OrderQueryService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async cancel(actor: PersonActor, input: CancelOrderRequestDto): Promise<OrderResponseDto> {
    const order = await this.dataSource.transaction((manager) =>
      this.cancelLocked(manager, { orderId: input.order_id }, 'cancel', actor, input.reason ?? ''),
    );
    return this.query.detail({ id: order.id }, actor.role, SYSTEM_ACTOR);
  }

  /** Auto-close of one unpaid order (the job). */
  async close(manager: EntityManager, id: number, now: Date): Promise<Order> {
    return this.cancelLocked(manager, { id }, 'close', SYSTEM_ACTOR, 'unpaid in time', now);
  }

  async deliver(staff: StaffActor, input: DeliverRequestDto): Promise<OrderResponseDto> {
    const expressCompany = input.express_company ?? '';
    const trackingNumber = input.tracking_number ?? '';
    const order = await this.dataSource.transaction(async (manager) => {
      const now = new Date();
      const days = this.config.orderAutoFinishDays;
      const { order } = await this.transitions.transition(
        manager,
        { orderId: input.order_id },
        'deliver',
        staff,
        {
          patch: {
            deliverTime: now,
            expressCompany,
            trackingNumber,
            endTime: days > 0 ? new Date(now.getTime() + days * DAY_MS) : null,
          },
          note: `${expressCompany} ${trackingNumber}`.trim() || 'no shipping needed',
          now,
        },
      );
      return order;
    });
    return this.query.detail({ id: order.id }, 'staff', SYSTEM_ACTOR);
  }

  async finish(actor: PersonActor, input: OrderNumberRequestDto): Promise<OrderResponseDto> {
    const order = await this.dataSource.transaction((manager) =>
      this.settlement.finish(manager, { orderId: input.order_id }, actor, new Date()),
    );
    return this.query.detail({ id: order.id }, actor.role, SYSTEM_ACTOR);
  }

  /** Auto-finish of one shipped order past its end_time (the job). */
  async autoFinish(manager: EntityManager, id: number, now: Date): Promise<Order> {
    return this.settlement.finish(manager, { id }, SYSTEM_ACTOR, now, 'end_time reached');
  }

  private async cancelLocked(
    manager: EntityManager,
    ref: OrderRef,
    action: 'cancel' | 'close',
    actor: Actor,
    note: string,
    now = new Date(),
  ): Promise<Order> {
    const { order } = await this.transitions.transition(manager, ref, action, actor, {
      note,
      now,
    });
    await this.reservations.releaseAll(manager, order);
    return order;
  }
}
