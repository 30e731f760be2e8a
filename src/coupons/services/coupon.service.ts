import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  discountFor,
  hasUsesLeft,
  normalizeCode,
  windowState,
  type WindowState,
} from '../coupon-rules.js';
import { CouponErrors } from '../coupons.errors.js';
import { CouponCheckQueryDto, CouponCheckResponseDto } from '../dto/coupon-check.dto.js';
import { CouponCode } from '../entities/coupon-code.entity.js';
import { CouponRedemptionRecord } from '../entities/coupon-redemption.entity.js';
import { Coupon } from '../entities/coupon.entity.js';
import { MAX_INT4 } from '../../common/validation/dto-limits.js';
import { CouponQueries } from '../coupon.queries.js';

/** How an order names its coupon (the AnqiCMS order fields coupon_code, coupon_code_id, coupon_id). */
export interface CouponReference {
  couponCode?: string;
  couponCodeId?: number;
  couponId?: number;
}

/** One consumed use of a coupon, to store on the order (and release if it is cancelled). */
export interface CouponRedemption {
  redemptionId: number;
  couponId: number;
  /** 0 = a public coupon applied by id. */
  couponCodeId: number;
  /** Fen, never more than the order amount. */
  discount: number;
}

interface ResolvedCoupon {
  coupon: Coupon;
  code: CouponCode | null;
  discount: number;
}

function isRowId(value: number | undefined): value is number {
  return value !== undefined && Number.isSafeInteger(value) && value > 0 && value <= MAX_INT4;
}

function assertWindow(state: WindowState, coupon: Coupon): void {
  switch (state) {
    case 'not_started':
      throw CouponErrors.notStarted(coupon.startsAt!);
    case 'expired':
      throw CouponErrors.expired();
    case 'open':
      return;
  }
}

/**
 * Coupons as orders use them: validate, consume one use atomically, attach the order, release.
 * All methods taking an EntityManager run inside the caller's (order's) transaction, so a failed
 * order gives its coupon use back by rolling back.
 *
 * Atomicity: a use is taken by conditional UPDATEs (`used_count < usage_limit`) on the coupon and
 * the code: racing redemptions of the last use queue on the row lock and exactly one wins. The
 * per-customer limit is counted under a transaction-scoped advisory lock on (coupon, customer),
 * so one customer's parallel orders cannot both slip under it.
 */
@Injectable()
export class CouponService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * null when the reference is empty. Otherwise validates (exists and active, inside its window,
   * minimum amount, usage limits, per-customer limit, code owner) and consumes one use.
   * Throws COUPON.NOT_FOUND, COUPON.CODE_REQUIRED, COUPON.NOT_STARTED, COUPON.EXPIRED,
   * COUPON.MIN_AMOUNT (the message names the minimum), COUPON.USED_UP, COUPON.NOT_YOURS.
   */
  async redeem(
    manager: EntityManager,
    ref: CouponReference,
    userId: number,
    orderAmount: number,
    now: Date = new Date(),
  ): Promise<CouponRedemption | null> {
    const resolved = await this.resolve(manager, ref, userId, orderAmount, now);
    if (!resolved) return null;
    const { coupon, code, discount } = resolved;
    if (coupon.perUserLimit > 0) {
      await manager.query(CouponQueries.lockUserRedemptions, [
        `coupon-user:${coupon.id}:${userId}`,
      ]);
      await this.assertUserLimit(manager, coupon, userId);
    }
    await this.consume(manager, coupon.id, code?.id ?? 0);
    const inserted = await manager.insert(CouponRedemptionRecord, {
      couponId: coupon.id,
      codeId: code?.id ?? 0,
      userId,
      orderAmount,
      discount,
    });
    const redemptionId = (inserted.identifiers[0] as { id: number }).id;
    return { redemptionId, couponId: coupon.id, couponCodeId: code?.id ?? 0, discount };
  }

  /** Stores the order number on a redemption once the order row exists (same transaction). */
  async attachOrder(manager: EntityManager, redemptionId: number, orderId: string): Promise<void> {
    if (!isRowId(redemptionId)) throw CouponErrors.redemptionNotFound();
    const result = await manager
      .createQueryBuilder()
      .update(CouponRedemptionRecord)
      .set({ orderId })
      .where('id = :redemptionId AND (order_id IS NULL OR order_id = :orderId)')
      .setParameters({ redemptionId, orderId })
      .execute();
    if (result.affected) return;
    const exists = await manager.existsBy(CouponRedemptionRecord, { id: redemptionId });
    throw exists ? CouponErrors.alreadyAttached() : CouponErrors.redemptionNotFound();
  }

  /**
   * Gives the use back (order cancelled, closed or refunded). Idempotent: `released_at` is set by
   * one conditional UPDATE, and only the call that set it gives the use back, so releasing twice
   * (or two jobs at once) returns exactly one use.
   */
  async release(manager: EntityManager, redemptionId: number): Promise<void> {
    if (!isRowId(redemptionId)) throw CouponErrors.redemptionNotFound();
    const result = await manager
      .createQueryBuilder()
      .update(CouponRedemptionRecord)
      .set({ releasedAt: () => 'now()' })
      .where('id = :redemptionId AND released_at IS NULL', { redemptionId })
      .returning(['couponId', 'codeId'])
      .execute();
    const released = (result.raw as { coupon_id: number; code_id: number }[])[0];
    if (!released) {
      if (!(await manager.existsBy(CouponRedemptionRecord, { id: redemptionId })))
        throw CouponErrors.redemptionNotFound();
      return;
    }
    await this.giveBack(manager, released.coupon_id, released.code_id);
  }

  /** GET /api/coupon/check: what the coupon would take off this amount, consuming nothing. */
  async check(userId: number, query: CouponCheckQueryDto): Promise<CouponCheckResponseDto> {
    const manager = this.dataSource.manager;
    const ref = {
      couponCode: query.code,
      couponCodeId: query.coupon_code_id,
      couponId: query.coupon_id,
    };
    const resolved = await this.resolve(manager, ref, userId, query.amount, new Date());
    if (!resolved) throw CouponErrors.notFound();
    const { coupon, code, discount } = resolved;
    if (coupon.perUserLimit > 0) await this.assertUserLimit(manager, coupon, userId);
    return {
      coupon_id: coupon.id,
      coupon_code_id: code?.id ?? 0,
      code: code?.code ?? '',
      name: coupon.name,
      type: coupon.type,
      value: coupon.value,
      min_amount: coupon.minAmount,
      max_discount: coupon.maxDiscount,
      order_amount: query.amount,
      discount,
      amount: query.amount - discount,
    };
  }

  /** Finds and validates everything except the per-customer limit; consumes nothing. */
  private async resolve(
    manager: EntityManager,
    ref: CouponReference,
    userId: number,
    orderAmount: number,
    now: Date,
  ): Promise<ResolvedCoupon | null> {
    const codeText = normalizeCode(ref.couponCode ?? '');
    const hasCodeId = isRowId(ref.couponCodeId);
    const hasCouponId = isRowId(ref.couponId);
    if (!codeText && !hasCodeId && !hasCouponId) return null;
    if (!Number.isSafeInteger(orderAmount) || orderAmount < 0) throw CouponErrors.invalidAmount();

    let code: CouponCode | null = null;
    if (codeText || hasCodeId) {
      code = await manager.findOneBy(
        CouponCode,
        codeText ? { code: codeText } : { id: ref.couponCodeId },
      );
      if (!code || code.status !== 1) throw CouponErrors.notFound();
      if (hasCouponId && code.couponId !== ref.couponId) throw CouponErrors.notFound();
    }
    const coupon = await manager.findOneBy(Coupon, { id: code?.couponId ?? ref.couponId });
    if (!coupon || coupon.deletedTime || coupon.status !== 1) throw CouponErrors.notFound();
    if (!code && coupon.isPublic !== 1) throw CouponErrors.codeRequired();
    if (code && code.userId > 0 && code.userId !== userId) throw CouponErrors.notYours();
    assertWindow(windowState(coupon, now), coupon);
    if (orderAmount < coupon.minAmount) throw CouponErrors.minAmount(coupon.minAmount);
    if (!hasUsesLeft(coupon.usageLimit, coupon.usedCount)) throw CouponErrors.usedUp();
    if (code && !hasUsesLeft(code.usageLimit, code.usedCount)) throw CouponErrors.usedUp();
    return { coupon, code, discount: discountFor(coupon, orderAmount) };
  }

  private async assertUserLimit(
    manager: EntityManager,
    coupon: Coupon,
    userId: number,
  ): Promise<void> {
    const used = await manager
      .createQueryBuilder(CouponRedemptionRecord, 'r')
      .where('r.coupon_id = :couponId AND r.user_id = :userId AND r.released_at IS NULL', {
        couponId: coupon.id,
        userId,
      })
      .getCount();
    if (used >= coupon.perUserLimit) throw CouponErrors.userLimitReached(coupon.perUserLimit);
  }

  /** Takes one use of the coupon and of the code, each by a conditional UPDATE. */
  private async consume(manager: EntityManager, couponId: number, codeId: number): Promise<void> {
    const couponTaken = await manager
      .createQueryBuilder()
      .update(Coupon)
      .set({ usedCount: () => 'used_count + 1' })
      .where(
        'id = :couponId AND status = 1 AND deleted_time IS NULL AND (usage_limit = 0 OR used_count < usage_limit)',
        { couponId },
      )
      .execute();
    if (!couponTaken.affected) throw CouponErrors.usedUp();
    if (!codeId) return;
    const codeTaken = await manager
      .createQueryBuilder()
      .update(CouponCode)
      .set({ usedCount: () => 'used_count + 1' })
      .where('id = :codeId AND status = 1 AND (usage_limit = 0 OR used_count < usage_limit)', {
        codeId,
      })
      .execute();
    if (codeTaken.affected) return;
    // Put the coupon's use back, so a caller that catches the error and commits leaks nothing.
    await this.giveBack(manager, couponId, 0);
    throw CouponErrors.usedUp();
  }

  private async giveBack(manager: EntityManager, couponId: number, codeId: number): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(Coupon)
      .set({ usedCount: () => 'used_count - 1' })
      .where('id = :couponId AND used_count > 0', { couponId })
      .execute();
    if (!codeId) return;
    await manager
      .createQueryBuilder()
      .update(CouponCode)
      .set({ usedCount: () => 'used_count - 1' })
      .where('id = :codeId AND used_count > 0', { codeId })
      .execute();
  }
}
