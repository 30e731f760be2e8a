import { errorEntry } from '../common/errors/app-error.js';

/** Error catalogue of the notifications module (mail settings, preferences, unsubscribe). */
export const NotificationErrors = {
  invalidSetting: errorEntry('MAIL.INVALID_SETTING', (field: string, why: string) => ({
    message: `${field}: ${why}`,
    details: { field },
  })),
  settingFromEnv: errorEntry('MAIL.SETTING_FROM_ENV', (field: string, variable: string) => ({
    message: `${field} is set by the ${variable} environment variable and cannot be changed here`,
    details: { field },
  })),
  notConfigured: errorEntry(
    'MAIL.NOT_CONFIGURED',
    () => 'Set the SMTP server and the sending account first',
  ),
  noRecipient: errorEntry(
    'MAIL.NO_RECIPIENT',
    () => 'No recipient: send one, or save the staff addresses (recipient) first',
  ),
  testFailed: errorEntry('MAIL.TEST_FAILED', (reply: string) => ({
    message: `The SMTP server refused the test mail: ${reply}`,
    details: { reply },
  })),
  invalidUnsubscribeLink: errorEntry(
    'MAIL.INVALID_UNSUBSCRIBE_LINK',
    () => 'This unsubscribe link is not valid (it may have been cut off)',
  ),
};
