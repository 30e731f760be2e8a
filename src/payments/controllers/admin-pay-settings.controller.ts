import { SAVED_MSG, WithMessage } from '../../common/http/envelope.js';
import { ApiRequestExample } from '../../common/swagger/openapi-first-contact.js';
import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { Admin, CurrentAdmin, StaffPermission } from '../../common/auth/access.decorators.js';
import type { AdminPrincipal } from '../../common/auth/principal.js';
import { ApiEnvelope } from '../../common/swagger/api-envelope.decorators.js';
import { PaySettingsRequestDto, PaySettingsResponseDto } from '../dto/pay-settings.dto.js';
import { OrderErrors } from '../../orders/orders.errors.js';
import { PaymentSettingsService } from '../payment-settings.service.js';
import { ApiTag } from '../../common/swagger/api-tags.js';
import { CommonErrors } from '../../common/errors/app-error.js';

/** Gateway credentials, at AnqiCMS's pay plugin paths. Private keys and secrets are write-only. */
@ApiTag('Staff: payment settings')
@Admin()
@StaffPermission('payments.settings')
@Controller('system/api/plugin/pay')
export class AdminPaySettingsController {
  constructor(private readonly settings: PaymentSettingsService) {}

  @Get('config')
  @ApiOperation({
    summary: 'Gateway settings',
    description:
      'AnqiCMS’s flat fields; private keys and secrets are answered as "" with has_<field>. ' +
      '`gateways` says per gateway whether it is usable, what is missing, its currency and the notify URL to give it.',
  })
  @ApiEnvelope(PaySettingsResponseDto)
  view() {
    return this.settings.view();
  }

  @ApiRequestExample(
    PaySettingsRequestDto,
    'Set the WeChat Pay AppID (only the fields sent change)',
    { wechat_app_id: 'wx1234567890abcdef' },
  )
  @Post('config')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Save gateway settings',
    description:
      'Only the fields sent change; a write-only field sent as "" keeps its value, null removes it. ' +
      'Keys are checked when saved. Fields set by PAY_* environment variables cannot be changed here. ' +
      'Only the owner may change the fields that say who is paid or how answers are verified (ids, keys, secrets, sandbox); ' +
      'finance may switch gateways on or off and set currencies and the return page. Every change is audited (field names only).',
  })
  @ApiEnvelope(PaySettingsResponseDto, {
    errors: [
      OrderErrors.invalidPaymentSetting,
      OrderErrors.paymentSettingFromEnv,
      CommonErrors.notAllowed,
    ],
  })
  async save(@CurrentAdmin() admin: AdminPrincipal, @Body() body: PaySettingsRequestDto) {
    return new WithMessage(await this.settings.save(admin, body), SAVED_MSG);
  }
}
