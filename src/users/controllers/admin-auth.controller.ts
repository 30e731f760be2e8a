import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Admin, CurrentAdmin, Public } from '../../common/auth/access.decorators.js';
import type { AdminPrincipal } from '../../common/auth/principal.js';
import { ApiEnvelope } from '../../common/swagger/api-envelope.decorators.js';
import { LoginThrottled } from '../../login-throttle/login-throttle.decorator.js';
import { LoginRequestDto } from '../dto/account.request.dto.js';
import { AdminResponseDto, AdminWithTokenDto } from '../dto/user.response.dto.js';
import { AdminAccountService } from '../services/admin-account.service.js';

@ApiTags('Staff account')
@Controller('system/api')
export class AdminAuthController {
  constructor(private readonly admins: AdminAccountService) {}

  @Post('login')
  @HttpCode(200)
  @Public()
  @LoginThrottled({ realm: 'staff', perAccount: true, failures: ['USER.BAD_CREDENTIALS'] })
  @ApiOperation({
    summary: 'Staff login',
    description: 'Send the returned token as the `admin` header or Bearer.',
  })
  @ApiEnvelope(AdminWithTokenDto, {
    errors: ['USER.BAD_CREDENTIALS', 'USER.DISABLED', 'AUTH.TOO_MANY_ATTEMPTS (with Retry-After)'],
  })
  login(@Body() body: LoginRequestDto) {
    return this.admins.login(body);
  }

  @Get('admin/detail')
  @Admin()
  @ApiOperation({ summary: 'The logged-in staff member' })
  @ApiEnvelope(AdminResponseDto)
  detail(@CurrentAdmin() me: AdminPrincipal) {
    return this.admins.detail(me.id);
  }
}
