import { toUnixSeconds } from '../common/database/column-types.js';
import { AuditLogResponseDto } from './dto/audit.dto.js';
import { AuditLog } from './entities/audit-log.entity.js';

export function toAuditLogResponse(row: AuditLog): AuditLogResponseDto {
  return {
    id: Number(row.id),
    admin_id: row.adminId,
    user_name: row.adminName,
    action: row.action,
    entity_type: row.entityType,
    entity_id: row.entityId,
    details: row.details,
    log: `${row.action} ${row.entityType} ${row.entityId}`,
    ip: row.ip,
    request_id: row.requestId,
    created_time: toUnixSeconds(row.createdTime),
  };
}
