import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { AuditService } from '../../audit/services/audit.service.js';
import { Page } from '../../common/http/envelope.js';
import { pageWindow } from '../../common/pagination/page-query.dto.js';
import { couponRuleProblem } from '../coupon-rules.js';
import { toCouponResponse } from '../coupon.mapper.js';
import { CouponErrors } from '../coupons.errors.js';
import { CouponListQueryDto, CouponResponseDto, SaveCouponRequestDto } from '../dto/coupon.dto.js';
import { Coupon } from '../entities/coupon.entity.js';

const fromUnix = (seconds: number | undefined): Date | null | undefined =>
  seconds === undefined ? undefined : seconds === 0 ? null : new Date(seconds * 1000);

function likePattern(keyword: string): string {
  return `%${keyword.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Staff management of coupons (their codes: CouponCodeAdminService). */
@Injectable()
export class CouponAdminService {
  constructor(
    @InjectRepository(Coupon) private readonly coupons: Repository<Coupon>,
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(query: CouponListQueryDto): Promise<Page<CouponResponseDto>> {
    const { limit, offset } = pageWindow(query);
    const qb = this.coupons.createQueryBuilder('c').where('c.deleted_time IS NULL');
    if (query.status !== undefined) qb.andWhere('c.status = :status', { status: query.status });
    if (query.keyword)
      qb.andWhere(`c.name ILIKE :keyword ESCAPE '\\'`, { keyword: likePattern(query.keyword) });
    const [rows, total] = await Promise.all([
      qb.clone().orderBy('c.id', 'DESC').limit(limit).offset(offset).getMany(),
      qb.getCount(),
    ]);
    return new Page(rows.map(toCouponResponse), total);
  }

  async detail(id: number): Promise<CouponResponseDto> {
    const coupon = await this.coupons.findOneBy({ id });
    if (!coupon || coupon.deletedTime) throw CouponErrors.notFound();
    return toCouponResponse(coupon);
  }

  /**
   * Creates or updates (only the fields sent). The row is locked while updating, so a redemption
   * racing a lowered usage_limit waits and then sees the new limit; a limit below the uses
   * already made is refused.
   */
  async save(input: SaveCouponRequestDto): Promise<CouponResponseDto> {
    const id = await this.dataSource.transaction(async (manager) => {
      let coupon: Coupon;
      if (input.id) {
        const found = await manager.findOne(Coupon, {
          where: { id: input.id },
          lock: { mode: 'pessimistic_write' },
        });
        if (!found || found.deletedTime) throw CouponErrors.notFound();
        coupon = found;
      } else {
        if (!input.name || !input.type || input.value === undefined)
          throw CouponErrors.invalidRule('name, type and value are required to create a coupon');
        coupon = manager.create(Coupon, {});
      }
      const fields: Partial<Coupon> = {
        name: input.name,
        description: input.description,
        type: input.type,
        value: input.value,
        minAmount: input.min_amount,
        maxDiscount: input.max_discount,
        startsAt: fromUnix(input.starts_at),
        endsAt: fromUnix(input.ends_at),
        usageLimit: input.usage_limit,
        perUserLimit: input.per_user_limit,
        isPublic: input.is_public,
        status: input.status,
      };
      for (const [key, value] of Object.entries(fields))
        if (value !== undefined) (coupon as unknown as Record<string, unknown>)[key] = value;
      const problem = couponRuleProblem({
        type: coupon.type,
        value: coupon.value,
        startsAt: coupon.startsAt ?? null,
        endsAt: coupon.endsAt ?? null,
      });
      if (problem) throw CouponErrors.invalidRule(problem);
      const used = coupon.usedCount ?? 0;
      if (coupon.usageLimit && coupon.usageLimit < used) throw CouponErrors.limitBelowUsed(used);
      const created = !coupon.id;
      const saved = await manager.save(Coupon, coupon);
      await this.audit.record(manager, {
        action: created ? 'coupon.create' : 'coupon.update',
        entityType: 'coupon',
        entityId: saved.id,
        details: { name: saved.name, fields: Object.keys(input).filter((k) => k !== 'id') },
      });
      return saved.id;
    });
    return this.detail(id);
  }

  /** Soft delete: its codes stop working, redemptions keep their history. */
  async delete(id: number): Promise<null> {
    await this.dataSource.transaction(async (manager) => {
      const result = await manager
        .createQueryBuilder()
        .update(Coupon)
        .set({ deletedTime: () => 'now()' })
        .where('id = :id AND deleted_time IS NULL', { id })
        .execute();
      if (!result.affected) throw CouponErrors.notFound();
      await this.audit.record(manager, {
        action: 'coupon.delete',
        entityType: 'coupon',
        entityId: id,
      });
    });
    return null;
  }
}
