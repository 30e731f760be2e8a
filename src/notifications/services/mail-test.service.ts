import { Injectable } from '@nestjs/common';
import { MailTestRequestDto, MailTestResponseDto } from '../dto/mail-settings.dto.js';
import { textToHtml } from '../mail-template.js';
import { NotificationErrors } from '../notifications.errors.js';
import { classifySmtpFailure } from '../smtp-failure.js';
import { MailComposer } from './mail-composer.service.js';
import {
  isConfigured,
  isEmailAddress,
  MailSettingsService,
  splitAddresses,
} from './mail-settings.service.js';
import { MailTransportService } from './mail-transport.service.js';

/**
 * The staff panel's "send a test mail": sent now (not through the outbox: staff wait for the
 * server's answer), to the address given or else the staff addresses.
 */
@Injectable()
export class MailTestService {
  constructor(
    private readonly settings: MailSettingsService,
    private readonly composer: MailComposer,
    private readonly transport: MailTransportService,
  ) {}

  async send(input: MailTestRequestDto): Promise<MailTestResponseDto> {
    const settings = await this.settings.effective();
    if (!isConfigured(settings)) throw NotificationErrors.notConfigured();
    const to = input.recipient?.trim() ? splitAddresses(input.recipient) : settings.recipients;
    if (!to.length) throw NotificationErrors.noRecipient();
    const bad = to.find((address) => !isEmailAddress(address));
    if (bad !== undefined)
      throw NotificationErrors.invalidSetting('recipient', `"${bad}" is not an email address`);
    const shop = await this.composer.shop();
    const standard = this.composer.renderTest(shop);
    const text = input.message?.trim() ? input.message : standard.text;
    try {
      return await this.transport.send(settings, {
        to: to.join(', '),
        subject: input.subject?.trim() || standard.subject,
        text,
        html: input.message?.trim() ? textToHtml(text) : standard.html,
        senderName: settings.senderName || shop.name,
      });
    } catch (error) {
      throw NotificationErrors.testFailed(classifySmtpFailure(error).message);
    }
  }
}
