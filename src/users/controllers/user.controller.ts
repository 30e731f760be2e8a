import { ApiExampleNeeds } from '../../common/swagger/openapi-first-contact.js';
import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import {
  CurrentAccountRow,
  CurrentCustomer,
  CustomerOnly,
  WithAccountRow,
} from '../../common/auth/access.decorators.js';
import type { CustomerPrincipal } from '../../common/auth/principal.js';
import { NoIdempotencyKey } from '../../common/http/idempotent-route.js';
import { ApiEnvelope } from '../../common/swagger/api-envelope.decorators.js';
import { ChangePasswordRequestDto, UpdateProfileRequestDto } from '../dto/account.request.dto.js';
import { TokenDto, UserResponseDto } from '../dto/user.response.dto.js';
import { User } from '../entities/user.entity.js';
import { CustomerAccountService } from '../services/customer-account.service.js';
import { UserErrors } from '../users.errors.js';
import { ApiTag } from '../../common/swagger/api-tags.js';

@ApiTag('Account')
@CustomerOnly()
@Controller('api/user')
export class UserController {
  constructor(private readonly accounts: CustomerAccountService) {}

  @Get('detail')
  @WithAccountRow()
  @ApiOperation({ summary: 'The logged-in customer' })
  @ApiEnvelope(UserResponseDto)
  detail(@CurrentCustomer() me: CustomerPrincipal, @CurrentAccountRow() account?: User) {
    // The token check read the row already (one statement for the whole request).
    return account ? this.accounts.shown(account) : this.accounts.detail(me.id);
  }

  @Post('detail')
  @HttpCode(200)
  @ApiOperation({ summary: 'Update own profile (real_name, avatar_url, email, phone)' })
  @ApiEnvelope(UserResponseDto, { errors: [UserErrors.emailTaken, UserErrors.phoneTaken] })
  updateProfile(@CurrentCustomer() me: CustomerPrincipal, @Body() body: UpdateProfileRequestDto) {
    return this.accounts.updateProfile(me.id, body);
  }

  @Post('password')
  @HttpCode(200)
  @NoIdempotencyKey('the answer is a token: never stored; a retry answers USER.WRONG_OLD_PASSWORD')
  @ApiOperation({
    summary: 'Change password',
    description: 'Every token issued before stops working; use the token returned here.',
  })
  @ApiExampleNeeds(
    "set old_password to your current password (the demo customer's is demo123) and password to a new one; the demo login then changes with it.",
  )
  @ApiEnvelope(TokenDto, { errors: [UserErrors.wrongOldPassword, UserErrors.samePassword] })
  changePassword(@CurrentCustomer() me: CustomerPrincipal, @Body() body: ChangePasswordRequestDto) {
    return this.accounts.changePassword(me.id, body);
  }
}
