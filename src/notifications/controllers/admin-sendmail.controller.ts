import { SAVED_MSG, WithMessage } from '../../common/http/envelope.js';
import { ApiExampleNeeds, ApiRequestExample } from '../../common/swagger/openapi-first-contact.js';
import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { Admin, CurrentAdmin } from '../../common/auth/access.decorators.js';
import type { AdminPrincipal } from '../../common/auth/principal.js';
import { CommonErrors } from '../../common/errors/app-error.js';
import { PageQueryDto } from '../../common/pagination/page-query.dto.js';
import { ApiEnvelope, ApiPageEnvelope } from '../../common/swagger/api-envelope.decorators.js';
import {
  MailLogResponseDto,
  MailSettingsRequestDto,
  MailSettingsResponseDto,
  MailTestRequestDto,
  MailTestResponseDto,
} from '../dto/mail-settings.dto.js';
import { NotificationErrors } from '../notifications.errors.js';
import { MailLogService } from '../services/mail-log.service.js';
import { MailSettingsService } from '../services/mail-settings.service.js';
import { MailTestService } from '../services/mail-test.service.js';
import { ApiTag } from '../../common/swagger/api-tags.js';

/**
 * Mail settings, the test mail and the mail log at AnqiCMS's sendmail plugin paths. Owner-only
 * (no permission named): the settings hold the SMTP login and the log personal addresses.
 */
@ApiTag('Staff: mail')
@Admin()
@Controller('system/api/plugin/sendmail')
export class AdminSendmailController {
  constructor(
    private readonly settings: MailSettingsService,
    private readonly tests: MailTestService,
    private readonly log: MailLogService,
  ) {}

  @Get('setting')
  @ApiOperation({
    summary: 'Mail settings',
    description:
      'AnqiCMS’s fields (`server`, `port`, `use_ssl`, `account`, `password`, `recipient`, `send_type`) ' +
      'plus the sender and the customer switches. The password is answered as "" with `has_password`.',
  })
  @ApiEnvelope(MailSettingsResponseDto)
  view() {
    return this.settings.view();
  }

  @ApiRequestExample(MailSettingsRequestDto, 'An SMTP account over SSL', {
    server: 'smtp.example.com',
    port: 465,
    use_ssl: 1,
    account: 'shop@example.com',
    password: 'app-password',
    recipient: 'owner@example.com',
    send_type: [3, 4, 5],
  })
  @Post('setting')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Save mail settings',
    description:
      'Only the fields sent change; `password` sent as "" keeps it, null removes it. ' +
      'Fields set by SMTP_* environment variables cannot be changed here. Audited.',
  })
  @ApiEnvelope(MailSettingsResponseDto, {
    errors: [
      CommonErrors.validation,
      NotificationErrors.invalidSetting,
      NotificationErrors.settingFromEnv,
    ],
  })
  async save(@CurrentAdmin() admin: AdminPrincipal, @Body() body: MailSettingsRequestDto) {
    return new WithMessage(await this.settings.save(admin.id, body), SAVED_MSG);
  }

  @ApiExampleNeeds(
    'save your SMTP server first (POST /system/api/plugin/sendmail/setting) and set recipient to an address you can read.',
  )
  @Post('test')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Send a test mail now',
    description:
      'To `recipient` if sent, else the staff addresses; answers the SMTP server’s reply ' +
      '(a refusal: -1 MAIL.TEST_FAILED with the reply).',
  })
  @ApiEnvelope(MailTestResponseDto, {
    errors: [
      NotificationErrors.notConfigured,
      NotificationErrors.noRecipient,
      NotificationErrors.invalidSetting,
      NotificationErrors.testFailed,
    ],
  })
  test(@Body() body: MailTestRequestDto) {
    return this.tests.send(body);
  }

  @Get('list')
  @ApiOperation({
    summary: 'Mails queued, sent and failed, newest first',
    description: 'Recipient, subject, status, attempts and the last error (the SMTP reply).',
  })
  @ApiPageEnvelope(MailLogResponseDto)
  list(@Query() query: PageQueryDto) {
    return this.log.list(query);
  }
}
