import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../audit/services/audit.service.js';
import { toUnixSeconds } from '../../common/database/column-types.js';
import { Page } from '../../common/http/envelope.js';
import { pageWindow } from '../../common/pagination/page-query.dto.js';
import type { StaffActor } from '../../common/state-machine/actor.js';
import {
  GatewayRefundByHandRequestDto,
  GatewayRefundListQueryDto,
  GatewayRefundResponseDto,
  GatewayRefundRetryRequestDto,
} from '../dto/gateway-refund.dto.js';
import { GatewayRefund, GatewayRefundStatus } from '../entities/gateway-refund.entity.js';
import {
  GATEWAY_REFUND_MACHINE,
  GatewayRefundAction,
  gatewayRefundStatusName,
} from '../gateway-refund-status.js';
import { PaymentErrors } from '../payments.errors.js';
import { GatewayRefundService, RefundChanges } from './gateway-refund.service.js';

export function toGatewayRefundResponse(refund: GatewayRefund): GatewayRefundResponseDto {
  return {
    out_refund_no: refund.outRefundNo,
    payment_id: refund.paymentId,
    order_id: refund.orderId,
    gateway: refund.gateway,
    pay_way: refund.payWay,
    amount: refund.amount,
    currency: refund.currency,
    reason: refund.reason,
    note: refund.note,
    status: refund.status,
    status_name: gatewayRefundStatusName(refund.status),
    attempts: refund.attempts,
    last_error: refund.lastError,
    gateway_refund_id: refund.gatewayRefundId,
    succeeded_time: toUnixSeconds(refund.succeededTime),
    created_time: toUnixSeconds(refund.createdTime),
    updated_time: toUnixSeconds(refund.updatedTime),
  };
}

/**
 * What staff do with gateway refunds: the list (`status=failed`: the ones a gateway refused for
 * good, or that kept failing past the attempt cap), sending a failed one again, and recording
 * that the money went back by hand. Each change is a transition of GATEWAY_REFUND_MACHINE with
 * its audit row (and, by hand, its `payment.refunded` event) in one transaction.
 */
@Injectable()
export class GatewayRefundAdminService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly refunds: GatewayRefundService,
    private readonly audit: AuditService,
  ) {}

  async list(query: GatewayRefundListQueryDto): Promise<Page<GatewayRefundResponseDto>> {
    const { limit, offset } = pageWindow(query);
    const q = this.dataSource
      .getRepository(GatewayRefund)
      .createQueryBuilder('r')
      .orderBy('r.id', 'DESC')
      .take(limit)
      .skip(offset);
    if (query.status) {
      const status = GATEWAY_REFUND_MACHINE.statuses.find(
        (s) => GATEWAY_REFUND_MACHINE.names[s] === query.status,
      );
      q.andWhere('r.status = :status', { status });
    }
    // Always two statements (getManyAndCount skips the count on a short first page).
    const rows = await q.getMany();
    const total = await q.getCount();
    return new Page(rows.map(toGatewayRefundResponse), total);
  }

  /** A failed refund goes back to the job: attempts start over, due now. */
  retry(staff: StaffActor, input: GatewayRefundRetryRequestDto): Promise<GatewayRefundResponseDto> {
    return this.act(staff, input.out_refund_no, 'retry', (now) => ({
      status: GatewayRefundStatus.Pending,
      attempts: 0,
      nextAttemptTime: now,
    }));
  }

  /** Staff returned the money outside the gateway: final, with their note. */
  byHand(
    staff: StaffActor,
    input: GatewayRefundByHandRequestDto,
  ): Promise<GatewayRefundResponseDto> {
    return this.act(
      staff,
      input.out_refund_no,
      'settle_by_hand',
      (now) => ({
        status: GatewayRefundStatus.RefundedByHand,
        succeededTime: now,
        nextAttemptTime: null,
        note: input.note.slice(0, 255),
      }),
      { note: input.note },
    );
  }

  private act(
    actor: StaffActor,
    outRefundNo: string,
    action: GatewayRefundAction,
    changes: (now: Date) => RefundChanges,
    details: Record<string, unknown> = {},
  ): Promise<GatewayRefundResponseDto> {
    return this.dataSource.transaction(async (manager) => {
      const refund = await this.lock(manager, outRefundNo);
      const now = new Date();
      if (!(await this.refunds.transition(manager, refund, action, actor, changes(now))))
        throw PaymentErrors.refundInvalidTransition(action, refund.status);
      await this.audit.record(manager, {
        action: `gateway_refund.${action}`,
        entityType: 'gateway_refund',
        entityId: refund.outRefundNo,
        details: {
          order_id: refund.orderId,
          amount: refund.amount,
          currency: refund.currency,
          last_error: refund.lastError,
          ...details,
        },
      });
      return toGatewayRefundResponse(await this.lock(manager, outRefundNo));
    });
  }

  private async lock(manager: EntityManager, outRefundNo: string): Promise<GatewayRefund> {
    const refund = await manager
      .getRepository(GatewayRefund)
      .findOne({ where: { outRefundNo }, lock: { mode: 'pessimistic_write' } });
    if (!refund) throw PaymentErrors.refundNotFound(outRefundNo);
    return refund;
  }
}
