import type { WebhookEndpoint } from './entities/webhook-endpoint.entity.js';
import type { WebhookResponseDto } from './dto/webhook.dto.js';

export const unixSeconds = (date: Date | null | undefined): number =>
  date ? Math.floor(date.getTime() / 1000) : 0;

/** An endpoint as staff see it: never a secret (the entity does not even load them). */
export function toWebhookResponse(endpoint: WebhookEndpoint, now = new Date()): WebhookResponseDto {
  const previousUntil = endpoint.previousSecretExpiresAt;
  return {
    id: endpoint.id,
    url: endpoint.url,
    description: endpoint.description,
    events: endpoint.events,
    enabled: endpoint.enabled,
    disabled_reason: endpoint.disabledReason ?? '',
    failing_since: unixSeconds(endpoint.failingSince),
    previous_secret_until: previousUntil && previousUntil > now ? unixSeconds(previousUntil) : 0,
    created_time: unixSeconds(endpoint.createdTime),
    updated_time: unixSeconds(endpoint.updatedTime),
  };
}
