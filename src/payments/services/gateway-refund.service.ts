import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  GatewayRefund,
  GatewayRefundReason,
  GatewayRefundStatus,
} from '../entities/gateway-refund.entity.js';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import type { EventType } from '../../events/event-catalogue.js';
import { EventLogService } from '../../events/services/event-log.service.js';
import { Payment } from '../entities/payment.entity.js';
import { GatewayRefundAction, gatewayRefundFrom } from '../gateway-refund-status.js';
import { GatewayRefundHistory } from '../entities/gateway-refund-history.entity.js';
import { ACTOR_SPELLINGS } from '../../common/state-machine/actor-spellings.js';
import { GatewayRefusal } from '../gateways/payment-gateway.js';
import type { GatewayRefundResult, RefundEvidence } from '../gateways/payment-gateway.js';
import { Actor, SYSTEM_ACTOR } from '../../common/state-machine/actor.js';
import { ConfiguredGateway, PaymentSettingsService } from '../payment-settings.service.js';
import { gatewayPaymentOf } from '../gateway-payment.js';
import { recordPaymentEvent } from '../payment-event.js';

/** Refunds one run sends at most; the next run takes the rest. */
const REFUND_BATCH_LIMIT = 100;
const FIRST_RETRY_MS = 30_000;
/**
 * Attempts after which a refund that still only met timeouts or 5xx answers is moved to failed
 * (about two days with the backoff below); staff may send it again from the failed list.
 */
export const MAX_REFUND_ATTEMPTS = 15;
const MAX_RETRY_MS = 6 * 3_600_000;

/** 30 s, 1 min, 2 min, ... capped at 6 h: the wait after the n-th attempt. */
export function refundRetryDelayMs(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), MAX_RETRY_MS);
}

/** What a gateway's answer to a refund call does to the row (an action of the table). */
const GATEWAY_ANSWERS: Record<
  GatewayRefundResult['status'],
  readonly [GatewayRefundAction, GatewayRefundStatus]
> = {
  succeeded: ['succeed', GatewayRefundStatus.Succeeded],
  processing: ['accept', GatewayRefundStatus.Processing],
  failed: ['fail', GatewayRefundStatus.Failed],
};

/** The events of a refund's final outcomes (moving to processing writes none). */
const REFUND_OUTCOME_EVENTS: Partial<Record<GatewayRefundStatus, EventType>> = {
  [GatewayRefundStatus.Succeeded]: 'payment.refunded',
  [GatewayRefundStatus.Failed]: 'payment.failed',
  [GatewayRefundStatus.RefundedByHand]: 'payment.refunded',
};

/** The columns a status change writes (its new status included). */
export type RefundChanges = Omit<QueryDeepPartialEntity<GatewayRefund>, 'status'> & {
  status: GatewayRefundStatus;
};

export interface RefundRun {
  sent: string[];
  failed: string[];
}

/**
 * Gateway refunds: recorded in the transaction that decides them (`record`), sent after commit by
 * the refund job (`runOnce`). Each due refund is claimed in its own short transaction with
 * `FOR UPDATE SKIP LOCKED`, which also pushes its next attempt back (a lease: another instance
 * does not pick it up meanwhile); the gateway is called after that commit, and the outcome written
 * in a third. A crash or timeout anywhere leaves it due again later, and the gateway's own
 * idempotency key (`out_refund_no`) makes a repeated call refund nothing more. A refund that
 * ends (succeeded, or refused for good) writes `payment.refunded` / `payment.failed` in the
 * transaction of that outcome (docs/events.md).
 */
@Injectable()
export class GatewayRefundService {
  private readonly logger = new Logger('GatewayRefunds');

  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: PaymentSettingsService,
    private readonly events: EventLogService,
  ) {}

  /**
   * Records the refund of a gateway payment: the whole of it once per payment whatever calls it,
   * or (`part`, after-sales refunds) one part under its own out_refund_no.
   */
  async record(
    manager: EntityManager,
    payment: Payment,
    reason: GatewayRefundReason,
    actor: Actor,
    note: string,
    now: Date,
    part?: { outRefundNo: string; amount: number },
  ): Promise<void> {
    const amount = part?.amount ?? payment.amount;
    if (amount <= 0) return;
    const outRefundNo = part?.outRefundNo ?? `R${payment.paymentId}`;
    const inserted = await manager
      .createQueryBuilder()
      .insert()
      .into(GatewayRefund)
      .values({
        outRefundNo,
        paymentId: payment.paymentId,
        orderId: payment.orderId,
        gateway: payment.gateway,
        payWay: payment.payWay,
        terraceId: payment.terraceId,
        amount,
        currency: payment.currency,
        reason,
        note: note.slice(0, 255),
        status: GatewayRefundStatus.Pending,
        nextAttemptTime: now,
      })
      .orIgnore()
      .returning(['id'])
      .execute();
    // Recorded before (the same whole refund asked for again): nothing new happened.
    if ((inserted.raw as unknown[]).length === 0) return;
    await this.history(manager, {
      outRefundNo,
      orderId: payment.orderId,
      action: 'create',
      actor,
      fromStatus: null,
      toStatus: GatewayRefundStatus.Pending,
      note: note || reason,
    });
  }

  /** One pass of the refund job (tests call it directly). */
  async runOnce(now: Date = new Date()): Promise<RefundRun> {
    const run: RefundRun = { sent: [], failed: [] };
    const skip: number[] = [];
    while (skip.length < REFUND_BATCH_LIMIT) {
      const refund = await this.claim(now, skip);
      if (!refund) break;
      skip.push(refund.id);
      const sent = await this.send(refund, now);
      (sent ? run.sent : run.failed).push(refund.outRefundNo);
    }
    return run;
  }

  /**
   * A gateway's refund notification. Always acknowledged (true): one that names no refund of
   * ours (a refund made in the gateway's dashboard, another integration's) is logged and ignored.
   */
  async confirm(gateway: string, evidence: RefundEvidence): Promise<boolean> {
    const repository = this.dataSource.getRepository(GatewayRefund);
    const refund = await repository.findOneBy({ outRefundNo: evidence.outRefundNo, gateway });
    if (!refund) {
      this.logger.warn({
        msg: 'refund notification for a refund that is not ours; acknowledged, nothing changed',
        gateway,
        out_refund_no: evidence.outRefundNo,
        refund_id: evidence.refundId,
      });
      return true;
    }
    await this.conclude(
      refund,
      evidence.succeeded ? 'succeed' : 'fail',
      evidence.succeeded
        ? {
            status: GatewayRefundStatus.Succeeded,
            succeededTime: new Date(),
            gatewayRefundId: evidence.refundId,
          }
        : {
            status: GatewayRefundStatus.Failed,
            lastError: 'the gateway reported the refund failed',
          },
    );
    return true;
  }

  private claim(now: Date, skip: number[]): Promise<GatewayRefund | null> {
    return this.dataSource.transaction(async (manager) => {
      const refund = await manager
        .getRepository(GatewayRefund)
        .createQueryBuilder('r')
        .where('r.status IN (:...due)', { due: gatewayRefundFrom('attempt') })
        .andWhere('r.next_attempt_time <= :now', { now })
        .andWhere('NOT (r.id = ANY(:skip))', { skip })
        .orderBy('r.next_attempt_time')
        .addOrderBy('r.id')
        .limit(1)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getOne();
      if (!refund) return null;
      refund.attempts += 1;
      await manager.getRepository(GatewayRefund).update(
        { id: refund.id },
        {
          attempts: refund.attempts,
          nextAttemptTime: new Date(now.getTime() + refundRetryDelayMs(refund.attempts)),
        },
      );
      return refund;
    });
  }

  /**
   * Writes a gateway's answer in one short transaction (the gateway was asked before it).
   * A row that did not move (a repeated notification, or the job and a notification racing)
   * writes nothing more.
   */
  private conclude(refund: GatewayRefund, action: GatewayRefundAction, changes: RefundChanges) {
    return this.dataSource.transaction((manager) =>
      this.transition(manager, refund, action, SYSTEM_ACTOR, changes),
    );
  }

  /**
   * The one place a gateway refund's status changes: the row is locked and its status read
   * (the caller's copy may be older: the job claimed it in an earlier transaction), the update
   * made only from the statuses `actor` may take `action` from (GATEWAY_REFUND_MACHINE), a
   * gateway_refund_history row written when the status changed, and, only when the row moved
   * into an outcome, its event in the same transaction (`payment.refunded` for succeeded or
   * refunded by hand, `payment.failed` for failed). False when the row was not in such a status.
   */
  async transition(
    manager: EntityManager,
    refund: GatewayRefund,
    action: GatewayRefundAction,
    actor: Actor,
    changes: RefundChanges,
  ): Promise<boolean> {
    const repository = manager.getRepository(GatewayRefund);
    const current = await repository.findOne({
      select: { id: true, status: true },
      where: { id: refund.id, status: In(gatewayRefundFrom(action, actor.role)) },
      lock: { mode: 'pessimistic_write' },
    });
    if (!current) return false;
    await repository.update({ id: refund.id }, changes);
    if (current.status !== changes.status)
      await this.history(manager, {
        outRefundNo: refund.outRefundNo,
        orderId: refund.orderId,
        action,
        actor,
        fromStatus: current.status,
        toStatus: changes.status,
        note:
          typeof changes.note === 'string' ? changes.note : ((changes.lastError ?? '') as string),
      });
    const type = REFUND_OUTCOME_EVENTS[changes.status];
    if (!type) return true;
    await recordPaymentEvent(this.events, manager, type, refund.orderId, actor);
    return true;
  }

  private async history(
    manager: EntityManager,
    row: {
      outRefundNo: string;
      orderId: string;
      action: GatewayRefundAction | 'create';
      actor: Actor;
      fromStatus: GatewayRefundStatus | null;
      toStatus: GatewayRefundStatus;
      note: string;
    },
  ): Promise<void> {
    await manager.getRepository(GatewayRefundHistory).insert({
      outRefundNo: row.outRefundNo,
      orderId: row.orderId,
      action: row.action,
      actorKind: ACTOR_SPELLINGS.actorKind[row.actor.role],
      actorId: row.actor.id,
      fromStatus: row.fromStatus,
      toStatus: row.toStatus,
      note: row.note.slice(0, 500),
    });
  }

  /**
   * The gateway transaction id a refund names. A payment staff confirmed by hand has none until
   * the gateway reports the money; it is then asked (Stripe: the Checkout Session's
   * PaymentIntent, PayPal: the order's capture), and the id is stored on the payment and the
   * refund. Never the session or PayPal order id (payments.gateway_order_id): that is refused.
   */
  private async transactionIdOf(
    refund: GatewayRefund,
    payment: Payment,
    configured: ConfiguredGateway,
  ): Promise<string> {
    if (refund.terraceId) return refund.terraceId;
    let terraceId = payment.terraceId;
    if (!terraceId && payment.gatewayOrderId) {
      const evidence = await configured.gateway.query(
        configured.settings,
        gatewayPaymentOf(payment, ''),
        { mayCapture: false },
      );
      if (evidence?.paymentId === payment.paymentId) terraceId = evidence.transactionId;
      if (terraceId)
        await this.dataSource
          .getRepository(Payment)
          .update({ id: payment.id, terraceId: '' }, { terraceId });
    }
    if (!terraceId) throw new Error('the gateway has not reported the transaction id yet');
    await this.dataSource
      .getRepository(GatewayRefund)
      .update({ id: refund.id, terraceId: '' }, { terraceId });
    return terraceId;
  }

  /** Calls the gateway (no transaction open) and writes what it said. */
  private async send(refund: GatewayRefund, now: Date): Promise<boolean> {
    const repository = this.dataSource.getRepository(GatewayRefund);
    try {
      const configured = await this.settings.forGateway(refund.gateway);
      if (!configured?.complete)
        throw new Error(`gateway ${refund.gateway} is not configured (or not in this build)`);
      const payment = await this.dataSource
        .getRepository(Payment)
        .findOneByOrFail({ paymentId: refund.paymentId });
      const terraceId = await this.transactionIdOf(refund, payment, configured);
      const request = {
        outRefundNo: refund.outRefundNo,
        paymentId: refund.paymentId,
        terraceId,
        amount: refund.amount,
        total: payment.amount,
        currency: refund.currency,
        reason: refund.note || refund.reason,
        baseUrl: configured.baseUrl,
      };
      // A refund the gateway already accepted is looked up, never created again.
      const result =
        refund.status === GatewayRefundStatus.Processing
          ? ((await configured.gateway.queryRefund(configured.settings, {
              ...request,
              gatewayRefundId: refund.gatewayRefundId,
            })) ?? { status: 'processing' as const, refundId: refund.gatewayRefundId })
          : await configured.gateway.refund(configured.settings, request);
      const [action, status] = GATEWAY_ANSWERS[result.status];
      await this.conclude(refund, action, {
        status,
        gatewayRefundId: result.refundId,
        lastError: (result.message ?? '').slice(0, 500),
        ...(status === GatewayRefundStatus.Succeeded ? { succeededTime: now } : {}),
      });
      if (status === GatewayRefundStatus.Failed)
        this.logger.error({
          msg: 'gateway refused the refund; staff must act',
          out_refund_no: refund.outRefundNo,
          why: result.message,
        });
      return status !== GatewayRefundStatus.Failed;
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      const final = error instanceof GatewayRefusal || refund.attempts >= MAX_REFUND_ATTEMPTS;
      if (final) {
        const lastError =
          error instanceof GatewayRefusal
            ? why
            : `gave up after ${refund.attempts} attempts: ${why}`;
        await this.conclude(refund, 'fail', {
          status: GatewayRefundStatus.Failed,
          lastError: lastError.slice(0, 500),
        });
        this.logger.error({
          msg: 'gateway refund failed for good; staff must act',
          out_refund_no: refund.outRefundNo,
          attempt: refund.attempts,
          error: lastError,
        });
        return false;
      }
      await repository.update(
        { id: refund.id, status: In(gatewayRefundFrom('attempt')) },
        { lastError: why.slice(0, 500) },
      );
      this.logger.warn({
        msg: 'refund attempt failed; will retry',
        out_refund_no: refund.outRefundNo,
        attempt: refund.attempts,
        error: why,
      });
      return false;
    }
  }
}
