import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation } from '@nestjs/swagger';
import {
  Admin,
  CurrentAdmin,
  Public,
  StaffPermission,
} from '../../common/auth/access.decorators.js';
import type { AdminPrincipal } from '../../common/auth/principal.js';
import { ApiEnvelope } from '../../common/swagger/api-envelope.decorators.js';
import { LoginThrottled, THROTTLED } from '../../login-throttle/login-throttle.decorator.js';
import { LoginRequestDto } from '../dto/account.request.dto.js';
import { AdminResponseDto, AdminWithTokenDto } from '../dto/user.response.dto.js';
import { AdminAccountService } from '../services/admin-account.service.js';
import { StaffAccountService } from '../services/staff-account.service.js';
import { StaffDetailQueryDto } from '../dto/staff.dto.js';
import { StaffErrors, UserErrors } from '../users.errors.js';
import { ApiTag } from '../../common/swagger/api-tags.js';

@ApiTag('Staff: accounts')
@Controller('system/api')
export class AdminAuthController {
  constructor(
    private readonly admins: AdminAccountService,
    private readonly staff: StaffAccountService,
  ) {}

  @Post('login')
  @HttpCode(200)
  @Public()
  @LoginThrottled({ realm: 'staff', perAccount: true, failures: [UserErrors.badCredentials] })
  @ApiOperation({
    summary: 'Staff login',
    description: 'Send the returned token as the `admin` header or Bearer.',
  })
  @ApiEnvelope(AdminWithTokenDto, {
    errors: [UserErrors.badCredentials, UserErrors.disabled, THROTTLED],
  })
  @ApiBody({
    type: LoginRequestDto,
    examples: {
      demo: {
        summary: 'The demo staff account',
        value: { user_name: 'admin', password: 'admin123' },
      },
    },
  })
  login(@Body() body: LoginRequestDto) {
    return this.admins.login(body);
  }

  @Get('admin/detail')
  @Admin()
  @StaffPermission('account.self')
  @ApiOperation({
    summary: 'The logged-in staff member (or, for owners, the account `id`)',
    description: 'Includes the role and the permissions it grants.',
  })
  @ApiEnvelope(AdminResponseDto, { errors: [StaffErrors.notFound, StaffErrors.othersNeedOwner] })
  detail(@CurrentAdmin() me: AdminPrincipal, @Query() query: StaffDetailQueryDto) {
    return this.staff.detail(me, query.id);
  }
}
