import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { Admin, StaffPermission } from '../../common/auth/access.decorators.js';
import { ApiPageEnvelope } from '../../common/swagger/api-envelope.decorators.js';
import { AuditListQueryDto, AuditLogResponseDto } from '../dto/audit.dto.js';
import { AuditService } from '../services/audit.service.js';
import { ApiTag } from '../../common/swagger/api-tags.js';

@ApiTag('Staff: audit log')
@Admin()
@Controller('system/api')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** AnqiCMS's panel reads its action log at admin/logs/action; both paths answer. */
  @Get(['audit/list', 'admin/logs/action'])
  @StaffPermission('audit.read')
  @ApiOperation({
    summary: 'The audit trail of staff actions, newest first',
    description:
      'Filters: admin_id (actor), entity_type + entity_id, action, start_time/end_time (unix seconds). Actions are listed in docs/staff.md.',
  })
  @ApiPageEnvelope(AuditLogResponseDto)
  list(@Query() query: AuditListQueryDto) {
    return this.audit.list(query);
  }
}
