import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { Page } from '../../common/http/envelope.js';
import { currentRequestStore } from '../../common/logging/request-context.js';
import { pageWindow } from '../../common/pagination/page-query.dto.js';
import { toAuditLogResponse } from '../audit.mapper.js';
import { AuditListQueryDto, AuditLogResponseDto } from '../dto/audit.dto.js';
import { AuditLog } from '../entities/audit-log.entity.js';
import type { SqlParams } from '../../common/database/sql-params.js';
import { AuditQueries, AuditRowValues } from '../audit.queries.js';

/** jsonb cannot hold U+0000: drop it rather than fail the change being audited. */
function jsonbSafe(details: Record<string, unknown>): Record<string, unknown> {
  const text = JSON.stringify(details, (_key, value: unknown) =>
    typeof value === 'string' ? value.replaceAll('\0', '') : value,
  );
  return JSON.parse(text) as Record<string, unknown>;
}

/** What a service says about a staff change; who, from where and when come from the request. */
export interface AuditEntry {
  /** `<entity>.<verb>`: `order.deliver`, `staff.disable`, `balance.adjust`... */
  action: string;
  entityType: string;
  entityId: string | number;
  details?: Record<string, unknown>;
}

/**
 * The audit trail of staff actions. `record` writes through the caller's EntityManager, i.e. in
 * the transaction of the change itself: a change that rolls back leaves no audit row, and no
 * committed change lacks one. The staff member and the client address are the ones the
 * AccessGuard established for this request (request context), never a request body.
 */
@Injectable()
export class AuditService {
  constructor(@InjectRepository(AuditLog) private readonly logs: Repository<AuditLog>) {}

  async record(manager: EntityManager, entry: AuditEntry): Promise<void> {
    const repository = manager.getRepository(AuditLog);
    await repository.save(repository.create(this.rowOf(entry)));
  }

  /**
   * The same row as one INSERT for a caller that writes its change and the audit entry in a
   * single statement (a step of its WITH query). Values are added to `params`; `computed`
   * adds details that statement computes (`details` is an SQL jsonb expression over `from`, such
   * as the id of the message it inserts), merged over `entry.details`.
   */
  insertStatement(
    entry: AuditEntry,
    params: SqlParams,
    computed?: { from: string; details: string },
  ): string {
    return AuditQueries.insertStep(this.rowOf(entry), params, computed);
  }

  private rowOf(entry: AuditEntry): AuditRowValues {
    const store = currentRequestStore();
    // A staff change outside a staff request would be unattributable: refuse it loudly (the
    // transaction rolls back) rather than write an anonymous row.
    if (!store?.staff) throw new Error(`audit ${entry.action}: no staff member in this request`);
    return {
      adminId: store.staff.id,
      adminName: store.staff.userName,
      action: entry.action,
      entityType: entry.entityType,
      entityId: String(entry.entityId).slice(0, 64),
      details: jsonbSafe(entry.details ?? {}),
      ip: (store.ip ?? '').slice(0, 64),
      requestId: store.requestId.slice(0, 64),
    };
  }

  /** Newest first; two statements (page + count) whatever the filters. */
  async list(query: AuditListQueryDto): Promise<Page<AuditLogResponseDto>> {
    const { limit, offset } = pageWindow(query);
    const q = this.logs.createQueryBuilder('a').orderBy('a.id', 'DESC').take(limit).skip(offset);
    if (query.admin_id !== undefined)
      q.andWhere('a.admin_id = :adminId', { adminId: query.admin_id });
    if (query.entity_type) q.andWhere('a.entity_type = :type', { type: query.entity_type });
    if (query.entity_id) q.andWhere('a.entity_id = :entityId', { entityId: query.entity_id });
    if (query.action) q.andWhere('a.action = :action', { action: query.action });
    if (query.start_time !== undefined)
      q.andWhere('a.created_time >= to_timestamp(:start)', { start: query.start_time });
    if (query.end_time !== undefined)
      q.andWhere('a.created_time < to_timestamp(:end)', { end: query.end_time });
    const [rows, total] = await q.getManyAndCount();
    return new Page(rows.map(toAuditLogResponse), total);
  }
}
