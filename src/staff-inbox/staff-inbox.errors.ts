import { EnvelopeCode, errorEntry } from '../common/errors/app-error.js';

/** Error catalogue of the staff pages (their own refusals; actions refuse with their module's). */
export const StaffInboxErrors = {
  crossOrigin: errorEntry(
    'INBOX.CROSS_ORIGIN',
    () => 'This form was sent from another site; open the staff pages and try again',
    { envelopeCode: EnvelopeCode.NotAllowed, httpStatus: 403 },
  ),
  badCsrfToken: errorEntry(
    'INBOX.BAD_CSRF_TOKEN',
    () =>
      'The form is missing its security token or it belongs to another session; reload the page and try again',
    { envelopeCode: EnvelopeCode.NotAllowed, httpStatus: 403 },
  ),
};
