import { lookup } from 'node:dns/promises';
import { Injectable } from '@nestjs/common';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/**
 * Every address a name resolves to (the system resolver, as a connection would use). A provider
 * of its own so that a test can change the answers between the check and the connect.
 */
@Injectable()
export class WebhookDnsResolver {
  async lookup(hostname: string): Promise<ResolvedAddress[]> {
    const answers = await lookup(hostname, { all: true, verbatim: true });
    return answers.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
  }
}
