import { errorEntry } from '../common/errors/app-error.js';

/** Error catalogue of outgoing webhooks. */
export const WebhookErrors = {
  notFound: errorEntry('WEBHOOK.NOT_FOUND', () => 'Webhook endpoint not found'),
  /** The URL breaks the outbound address rules (docs/notifications.md); the msg says which. */
  targetRefused: errorEntry('WEBHOOK.TARGET_REFUSED', (why: string) => why),
  createNeedsTarget: errorEntry(
    'WEBHOOK.URL_AND_EVENTS_REQUIRED',
    () => 'url and events are required to create a webhook endpoint',
  ),
  eventNotFound: errorEntry('WEBHOOK.EVENT_NOT_FOUND', (eventId: number) => ({
    message: `Event ${eventId} is not in the event log (unknown, or older than EVENTS_RETENTION)`,
    details: { event_id: eventId },
  })),
  replayWhat: errorEntry(
    'WEBHOOK.REPLAY_EVENT_OR_SINCE',
    () => 'Send either event_id (one event) or since (every event from that time), not both',
  ),
};
