import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager, In, Repository } from 'typeorm';
import { AuditService } from '../../audit/services/audit.service.js';
import { Page } from '../../common/http/envelope.js';
import { pageAndTotal, pageWindow } from '../../common/pagination/page-query.dto.js';
import { normalizeCode, randomCode } from '../coupon-rules.js';
import { toCouponCodeResponse } from '../coupon.mapper.js';
import { CouponErrors } from '../coupons.errors.js';
import {
  CouponCodeResponseDto,
  CouponCodesQueryDto,
  CouponCodeStatusRequestDto,
  GenerateCodesRequestDto,
} from '../dto/coupon.dto.js';
import { CouponCode } from '../entities/coupon-code.entity.js';
import { Coupon } from '../entities/coupon.entity.js';

const RANDOM_CODE_LENGTH = 10;
const MAX_ATTEMPTS = 5;

/** Staff management of a coupon's voucher codes. */
@Injectable()
export class CouponCodeAdminService {
  constructor(
    @InjectRepository(Coupon) private readonly coupons: Repository<Coupon>,
    @InjectRepository(CouponCode) private readonly codes: Repository<CouponCode>,
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(query: CouponCodesQueryDto): Promise<Page<CouponCodeResponseDto>> {
    await this.liveCoupon(query.coupon_id);
    const { limit, offset } = pageWindow(query);
    const [rows, total] = await pageAndTotal(
      this.codes
        .createQueryBuilder('c')
        .where('c.coupon_id = :couponId', { couponId: query.coupon_id })
        .orderBy('c.id', 'DESC'),
      { limit, offset },
    );
    return new Page(rows.map(toCouponCodeResponse), total);
  }

  /**
   * One named code (unique case-insensitively: COUPON.CODE_TAKEN otherwise), or `count` random
   * ones. Random codes that collide with existing ones are skipped by the unique index
   * (ON CONFLICT DO NOTHING) and drawn again, so the answer always has `count` new codes.
   */
  async generate(input: GenerateCodesRequestDto): Promise<Page<CouponCodeResponseDto>> {
    await this.liveCoupon(input.coupon_id);
    const base = {
      couponId: input.coupon_id,
      userId: input.user_id ?? 0,
      usageLimit: input.usage_limit ?? 1,
    };
    const wanted = input.code ? [normalizeCode(input.code)] : [];
    if (!wanted.length) {
      const prefix = normalizeCode(input.prefix ?? '');
      const count = input.count ?? 1;
      for (let i = 0; i < count; i++)
        wanted.push(randomCode(randomBytes(RANDOM_CODE_LENGTH), prefix));
    }
    const createdIds = await this.dataSource.transaction(async (manager) => {
      const ids = await this.insertCodes(manager, wanted, base, input);
      await this.audit.record(manager, {
        action: 'coupon.codes_generate',
        entityType: 'coupon',
        entityId: input.coupon_id,
        details: { count: ids.length, code_ids: ids.slice(0, 100) },
      });
      return ids;
    });
    const rows = await this.codes.find({ where: { id: In(createdIds) }, order: { id: 'ASC' } });
    return new Page(rows.map(toCouponCodeResponse), rows.length);
  }

  async setStatus(input: CouponCodeStatusRequestDto): Promise<CouponCodeResponseDto> {
    await this.dataSource.transaction(async (manager) => {
      const result = await manager
        .getRepository(CouponCode)
        .update({ id: input.id }, { status: input.status });
      if (!result.affected) throw CouponErrors.notFound();
      await this.audit.record(manager, {
        action: 'coupon.code_status',
        entityType: 'coupon_code',
        entityId: input.id,
        details: { status: input.status },
      });
    });
    return toCouponCodeResponse((await this.codes.findOneBy({ id: input.id }))!);
  }

  /** Inserts the codes, drawing random ones again where they collide; returns the new ids. */
  private async insertCodes(
    manager: EntityManager,
    wanted: string[],
    base: { couponId: number; userId: number; usageLimit: number },
    input: GenerateCodesRequestDto,
  ): Promise<number[]> {
    const createdIds: number[] = [];
    let pending = wanted;
    for (let attempt = 0; pending.length && attempt < MAX_ATTEMPTS; attempt++) {
      const result = await manager
        .getRepository(CouponCode)
        .createQueryBuilder()
        .insert()
        .values(pending.map((code) => ({ ...base, code })))
        .orIgnore()
        .returning(['id'])
        .execute();
      const ids = (result.raw as { id: number }[]).map((row) => row.id);
      createdIds.push(...ids);
      if (input.code) {
        if (!ids.length) throw CouponErrors.codeTaken();
        break;
      }
      const missing = pending.length - ids.length;
      const prefix = normalizeCode(input.prefix ?? '');
      pending = Array.from({ length: missing }, () =>
        randomCode(randomBytes(RANDOM_CODE_LENGTH), prefix),
      );
    }
    return createdIds;
  }

  private async liveCoupon(id: number): Promise<Coupon> {
    const coupon = await this.coupons.findOneBy({ id });
    if (!coupon || coupon.deletedTime) throw CouponErrors.notFound();
    return coupon;
  }
}
