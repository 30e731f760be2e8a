import { createHash } from 'node:crypto';

/**
 * One SDK client per gateway configuration: a client is built once for a set of credentials and
 * reused (the PayPal client keeps its OAuth token until it expires, instead of asking PayPal for
 * a new one on every call). The key is a hash of the credentials (never the credentials
 * themselves), so a settings change builds a new client; the oldest entries go beyond `max`.
 */
export class ClientCache<T> {
  private readonly clients = new Map<string, T>();

  constructor(private readonly max = 4) {}

  get(parts: readonly string[], build: () => T): T {
    const key = createHash('sha256').update(JSON.stringify(parts)).digest('hex');
    const found = this.clients.get(key);
    if (found !== undefined) return found;
    const client = build();
    this.clients.set(key, client);
    while (this.clients.size > this.max) this.clients.delete(this.clients.keys().next().value!);
    return client;
  }
}
