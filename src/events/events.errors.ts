import { EnvelopeCode, errorEntry } from '../common/errors/app-error.js';

/** Seconds a refused stream is asked to wait before trying again. */
export const STREAM_RETRY_AFTER_SECONDS = 5;

/** Error catalogue of the event streams (docs/events.md). */
export const EventErrors = {
  badCursor: errorEntry(
    'EVENTS.BAD_LAST_EVENT_ID',
    () =>
      'Last-Event-ID (or last_event_id) must be an event id: a whole number from 1 up, as sent in id:',
  ),
  tooManyStreams: errorEntry(
    'EVENTS.TOO_MANY_STREAMS',
    (max: number) => ({
      message: `This account already has ${max} event streams open here; close one (or share one between tabs) and try again`,
      details: { max_streams: max, retry_after: STREAM_RETRY_AFTER_SECONDS },
    }),
    { httpStatus: 429 },
  ),
  streamsFull: errorEntry(
    'EVENTS.STREAMS_FULL',
    () => ({
      message: 'This server holds as many event streams as it may; try again shortly',
      details: { retry_after: STREAM_RETRY_AFTER_SECONDS },
    }),
    { httpStatus: 503 },
  ),
  closing: errorEntry(
    'EVENTS.SHUTTING_DOWN',
    () => ({
      message: 'This server is shutting down; reconnect (another instance will answer)',
      details: { retry_after: 1 },
    }),
    { httpStatus: 503 },
  ),
  noVisibleTypes: errorEntry(
    'EVENTS.NOTHING_TO_SEE',
    (role: string) => `The ${role} role sees no event types`,
    { envelopeCode: EnvelopeCode.NotAllowed },
  ),
};
