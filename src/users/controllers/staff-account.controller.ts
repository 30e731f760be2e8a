import { ApiExampleNeeds, ApiRequestExample } from '../../common/swagger/openapi-first-contact.js';
import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { Admin, CurrentAdmin, StaffPermission } from '../../common/auth/access.decorators.js';
import type { AdminPrincipal } from '../../common/auth/principal.js';
import { ApiEnvelope, ApiPageEnvelope } from '../../common/swagger/api-envelope.decorators.js';
import { ChangePasswordRequestDto } from '../dto/account.request.dto.js';
import {
  SaveStaffRequestDto,
  StaffIdRequestDto,
  StaffListQueryDto,
  StaffStatusRequestDto,
} from '../dto/staff.dto.js';
import { AdminResponseDto, TokenDto } from '../dto/user.response.dto.js';
import { StaffAccountService } from '../services/staff-account.service.js';
import { StaffErrors, UserErrors } from '../users.errors.js';
import { ApiTag } from '../../common/swagger/api-tags.js';

const CHANGE_ERRORS = [
  StaffErrors.notFound,
  StaffErrors.lastOwner,
  StaffErrors.selfChange,
  StaffErrors.notOwnerAnyMore,
  StaffErrors.nameTaken,
];

/** Staff accounts, at AnqiCMS's admin/* paths (its panel's account pages). */
@ApiTag('Staff: accounts')
@Admin()
@Controller('system/api/admin')
export class StaffAccountController {
  constructor(private readonly staff: StaffAccountService) {}

  @Get('list')
  @StaffPermission('staff.manage')
  @ApiOperation({ summary: 'Staff accounts, newest first (filters: user_name, role, status)' })
  @ApiPageEnvelope(AdminResponseDto)
  list(@Query() query: StaffListQueryDto) {
    return this.staff.list(query);
  }

  @Post('detail')
  @HttpCode(200)
  @StaffPermission('staff.manage')
  @ApiOperation({
    summary: 'Create (no id) or update (id) a staff account',
    description:
      "Create needs user_name, password and role. Update changes the fields sent; a password resets it and ends that account's sessions; status 0 disables. Your own password changes at admin/password; no change may leave the shop without an active owner.",
  })
  @ApiEnvelope(AdminResponseDto, { errors: [...CHANGE_ERRORS, StaffErrors.missingForCreate] })
  @ApiRequestExample(SaveStaffRequestDto, 'Create a staff account', {
    user_name: 'anna',
    password: 's3cret-pass',
    real_name: 'Anna Lee',
    role: 'service',
  })
  save(@CurrentAdmin() me: AdminPrincipal, @Body() body: SaveStaffRequestDto) {
    return this.staff.save(me, body);
  }

  @Post('status')
  @HttpCode(200)
  @StaffPermission('staff.manage')
  @ApiOperation({
    summary: 'Disable (0) or re-enable (1) a staff account',
    description: "A disabled account's tokens answer 1001 at once; re-enabled, it logs in again.",
  })
  @ApiEnvelope(AdminResponseDto, { errors: CHANGE_ERRORS })
  status(@CurrentAdmin() me: AdminPrincipal, @Body() body: StaffStatusRequestDto) {
    return this.staff.setStatus(me, body.id, body.status);
  }

  @Post('delete')
  @HttpCode(200)
  @StaffPermission('staff.manage')
  @ApiOperation({
    summary: "Disable a staff account (AnqiCMS's delete)",
    description:
      'Accounts are never erased: their ids stay in order history and the audit trail. Same as status 0.',
  })
  @ApiEnvelope(AdminResponseDto, { errors: CHANGE_ERRORS })
  delete(@CurrentAdmin() me: AdminPrincipal, @Body() body: StaffIdRequestDto) {
    return this.staff.setStatus(me, body.id, 0);
  }

  @Post('password')
  @HttpCode(200)
  @StaffPermission('account.self')
  @ApiOperation({
    summary: 'Change your own password',
    description: 'Every older token of the account stops working; use the returned one.',
  })
  @ApiExampleNeeds(
    "set old_password to your current password (the demo staff account's is admin123) and password to a new one; the demo login then changes with it.",
  )
  @ApiEnvelope(TokenDto, { errors: [UserErrors.wrongOldPassword, UserErrors.samePassword] })
  password(@CurrentAdmin() me: AdminPrincipal, @Body() body: ChangePasswordRequestDto) {
    return this.staff.changeOwnPassword(me, body);
  }
}
