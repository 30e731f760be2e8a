import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { CustomerOnly } from '../../common/auth/access.decorators.js';
import { ApiEnvelope, ApiPageEnvelope } from '../../common/swagger/api-envelope.decorators.js';
import { UserGroupIdQueryDto, UserGroupResponseDto } from '../dto/user-group.dto.js';
import { UserGroupAdminService } from '../services/user-group-admin.service.js';
import { GroupErrors } from '../users.errors.js';
import { ApiTag } from '../../common/swagger/api-tags.js';

/** The groups a customer can see (and buy with a `type: vip` order). */
@ApiTag('Account')
@CustomerOnly()
@Controller('api/user')
export class UserGroupController {
  constructor(private readonly groups: UserGroupAdminService) {}

  @Get('groups')
  @ApiOperation({ summary: 'Active groups, by level (price = what a vip order costs)' })
  @ApiPageEnvelope(UserGroupResponseDto)
  list() {
    return this.groups.list(true);
  }

  @Get('group/detail')
  @ApiOperation({ summary: 'One active group' })
  @ApiEnvelope(UserGroupResponseDto, { errors: [GroupErrors.notFound] })
  detail(@Query() query: UserGroupIdQueryDto) {
    return this.groups.detail(query.id, true);
  }
}
