import { DELETED_MSG, SAVED_MSG, WithMessage } from '../../common/http/envelope.js';
import { ApiExampleNeeds } from '../../common/swagger/openapi-first-contact.js';
import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { Admin, StaffPermission } from '../../common/auth/access.decorators.js';
import { ApiEnvelope, ApiPageEnvelope } from '../../common/swagger/api-envelope.decorators.js';
import {
  SaveUserGroupRequestDto,
  UserGroupIdBodyDto,
  UserGroupIdQueryDto,
  UserGroupResponseDto,
} from '../dto/user-group.dto.js';
import { UserGroupAdminService } from '../services/user-group-admin.service.js';
import { GroupErrors } from '../users.errors.js';
import { ApiTag } from '../../common/swagger/api-tags.js';

/** AnqiCMS serves these under /system/api/plugin/user/group too; both prefixes work. */
@ApiTag('Staff: customer groups')
@Admin()
@StaffPermission('groups.manage')
@Controller(['system/api/user/group', 'system/api/plugin/user/group'])
export class AdminUserGroupController {
  constructor(private readonly groups: UserGroupAdminService) {}

  @Get('list')
  @ApiOperation({ summary: 'All groups (disabled too), by level' })
  @ApiPageEnvelope(UserGroupResponseDto)
  list() {
    return this.groups.list(false);
  }

  @Get('detail')
  @ApiOperation({ summary: 'One group' })
  @ApiEnvelope(UserGroupResponseDto, { errors: [GroupErrors.notFound] })
  detail(@Query() query: UserGroupIdQueryDto) {
    return this.groups.detail(query.id, false);
  }

  @Post('detail')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Create (no id) or update (id) a group',
    description:
      'Percentages (discount, share_reward, parent_reward: 0-100) and expire_day may be sent flat or inside `setting`.',
  })
  @ApiEnvelope(UserGroupResponseDto, {
    errors: [GroupErrors.notFound, GroupErrors.titleRequired, GroupErrors.rewardsTooHigh],
  })
  async save(@Body() body: SaveUserGroupRequestDto) {
    return new WithMessage(await this.groups.save(body), SAVED_MSG);
  }

  @ApiExampleNeeds(
    'put the id of a group you created (POST …/group/detail); deleting the demo VIP group (id 1) also works but leaves the demo without it.',
  )
  @Post('delete')
  @HttpCode(200)
  @ApiOperation({ summary: 'Delete a group without members' })
  @ApiEnvelope('null', { errors: [GroupErrors.notFound, GroupErrors.inUse] })
  async delete(@Body() body: UserGroupIdBodyDto) {
    return new WithMessage(await this.groups.delete(body.id), DELETED_MSG);
  }
}
