import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { CurrentCustomer, CustomerOnly } from '../../common/auth/access.decorators.js';
import type { CustomerPrincipal } from '../../common/auth/principal.js';
import { CommonErrors } from '../../common/errors/app-error.js';
import { ApiEnvelope } from '../../common/swagger/api-envelope.decorators.js';
import {
  NotificationPreferencesRequestDto,
  NotificationPreferencesResponseDto,
} from '../dto/notification-preferences.dto.js';
import { MailPreferencesService } from '../services/mail-preferences.service.js';
import { ApiTag } from '../../common/swagger/api-tags.js';

@ApiTag('Notifications')
@CustomerOnly()
@Controller('api/user/notifications')
export class NotificationPreferencesController {
  constructor(private readonly preferences: MailPreferencesService) {}

  @Get()
  @ApiOperation({ summary: 'Which mails I get (each category on or off)' })
  @ApiEnvelope(NotificationPreferencesResponseDto)
  view(@CurrentCustomer() me: CustomerPrincipal) {
    return this.preferences.view(me.id);
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Switch mail categories on or off (only those sent change)' })
  @ApiEnvelope(NotificationPreferencesResponseDto, { errors: [CommonErrors.validation] })
  save(@CurrentCustomer() me: CustomerPrincipal, @Body() body: NotificationPreferencesRequestDto) {
    return this.preferences.save(me.id, body);
  }
}
