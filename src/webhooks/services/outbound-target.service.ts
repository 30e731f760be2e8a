import { Inject, Injectable } from '@nestjs/common';
import { isIP } from 'node:net';
import { APP_CONFIG } from '../../common/config/app-config.js';
import type { AppConfig } from '../../common/config/app-config.js';
import { hostAsWritten, nonPublicKind } from '../outbound-address.js';
import { WebhookErrors } from '../webhooks.errors.js';
import { ResolvedAddress, WebhookDnsResolver } from './webhook-dns.resolver.js';

/** A URL that passed the rules, with the one address the connection must use. */
export interface CheckedTarget extends ResolvedAddress {
  url: URL;
}

const ALLOW_PRIVATE = 'WEBHOOK_ALLOW_PRIVATE=1 allows non-public targets';

/**
 * The outbound address rules (docs/notifications.md): `https` (or `http` with
 * WEBHOOK_ALLOW_HTTP), and a host whose every address is public unicast (unless
 * WEBHOOK_ALLOW_PRIVATE). Checked when an endpoint is saved and again before every delivery;
 * the sender then connects to the address returned here and resolves nothing itself, so a DNS
 * answer that changes after the check (rebinding) cannot reach inside.
 */
@Injectable()
export class OutboundTargetService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly resolver: WebhookDnsResolver,
  ) {}

  /** Throws WEBHOOK.TARGET_REFUSED with the rule that was broken. */
  async check(raw: string): Promise<CheckedTarget> {
    const url = this.parse(raw);
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const literal = isIP(host) !== 0;
    const addresses = literal
      ? [{ address: host, family: isIP(host) as 4 | 6 }]
      : await this.resolve(host);
    if (!this.config.webhookAllowPrivate) {
      for (const { address } of addresses) {
        const kind = nonPublicKind(address);
        if (kind === undefined) continue;
        const written = hostAsWritten(raw).replace(/^\[(.*)\]$/, '$1');
        const what = !literal
          ? `${host} resolves to ${address},`
          : written.toLowerCase() === host.toLowerCase()
            ? `${address} is`
            : `${written} is ${address},`;
        throw WebhookErrors.targetRefused(
          `url refused: ${what} not a public address (${kind}); webhooks may only reach public addresses (${ALLOW_PRIVATE})`,
        );
      }
    }
    return { url, ...addresses[0] };
  }

  private parse(raw: string): URL {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw WebhookErrors.targetRefused(`url refused: "${raw.slice(0, 200)}" is not a valid URL`);
    }
    if (url.protocol === 'http:' && !this.config.webhookAllowHttp)
      throw WebhookErrors.targetRefused(
        'url refused: webhooks must use https (WEBHOOK_ALLOW_HTTP=1 allows plain http)',
      );
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      throw WebhookErrors.targetRefused(`url refused: ${url.protocol} is not https`);
    if (!url.hostname) throw WebhookErrors.targetRefused('url refused: it names no host');
    return url;
  }

  private async resolve(host: string): Promise<ResolvedAddress[]> {
    let addresses: ResolvedAddress[];
    try {
      addresses = await this.resolver.lookup(host);
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'lookup failed';
      throw WebhookErrors.targetRefused(`url refused: ${host} does not resolve (${code})`);
    }
    if (!addresses.length)
      throw WebhookErrors.targetRefused(`url refused: ${host} does not resolve`);
    return addresses;
  }
}
