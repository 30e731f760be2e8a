import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/**
 * What leaves the process for a webhook (https://www.standardwebhooks.com/): the body, its
 * signing secrets and the three headers. Pure, so the worker, the test ping and the tests share
 * one definition.
 */

/** The fields of an event a webhook carries: ids, status and who acted; nothing personal. */
export interface WebhookEventFields {
  id: string;
  type: string;
  userId: number;
  commOrderId: number | null;
  orderId: string | null;
  messageId: string | null;
  status: number | null;
  actor: string;
  /** Unix seconds. */
  createdTime: number;
}

/** The body, as the JSON text that is signed and sent (the same text on every try). */
export function webhookBody(event: WebhookEventFields): string {
  return JSON.stringify({
    type: event.type,
    timestamp: new Date(event.createdTime * 1000).toISOString(),
    data: {
      id: Number(event.id),
      user_id: event.userId,
      comm_order_id: event.commOrderId,
      order_id: event.orderId,
      message_id: event.messageId === null ? null : Number(event.messageId),
      status: event.status,
      actor: event.actor,
    },
  });
}

/** The event type of the test ping (not in the event catalogue: no endpoint subscribes to it). */
export const PING_TYPE = 'webhook.ping';

export function pingBody(endpointId: number, now: Date): string {
  return JSON.stringify({
    type: PING_TYPE,
    timestamp: now.toISOString(),
    data: { endpoint_id: endpointId },
  });
}

/** A new signing secret: `whsec_` and 32 random bytes in base64 (Standard Webhooks' format). */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/**
 * The Standard Webhooks headers of one try: `webhook-signature` holds one `v1,<base64>` per
 * secret (two while a rotated-out secret still signs), separated by spaces.
 */
export function webhookHeaders(
  messageId: string,
  body: string,
  secrets: readonly string[],
  now: Date,
): Record<string, string> {
  return {
    'content-type': 'application/json',
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
    'webhook-signature': secrets
      .map((secret) => new Webhook(secret).sign(messageId, now, body))
      .join(' '),
  };
}
