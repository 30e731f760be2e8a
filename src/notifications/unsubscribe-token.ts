import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { CustomerCategory } from './mail-kinds.js';

/**
 * The signature of an unsubscribe link: HMAC-SHA256 of (user id, category) under a key derived
 * from the server's secret for this one purpose. It grants nothing but switching that category
 * off for that account, so the link carries no login token and no secret.
 */
export class UnsubscribeSigner {
  private readonly key: Buffer;

  constructor(serverSecret: string) {
    this.key = Buffer.from(
      hkdfSync('sha256', serverSecret, 'mail-unsubscribe', 'custom-order-backend', 32),
    );
  }

  sign(userId: number, category: CustomerCategory): string {
    return createHmac('sha256', this.key)
      .update(`${userId}:${category}`)
      .digest('base64url')
      .slice(0, 32);
  }

  verify(userId: number, category: CustomerCategory, signature: string): boolean {
    const expected = Buffer.from(this.sign(userId, category));
    const given = Buffer.from(signature);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
