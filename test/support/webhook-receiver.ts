import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedWebhook {
  id: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The secrets (of `secrets`) whose signature verified, with the standardwebhooks library. */
  verifiedBy: string[];
  status: number;
}

/**
 * A webhook receiver on 127.0.0.1, as a shop's system would run one: it verifies every delivery
 * with the standardwebhooks library against the secrets it knows, and answers the next status
 * of `replies` (then 200).
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  /** Statuses to answer, in order; 200 when empty. */
  replies: number[] = [];
  secrets: string[] = [];
  private server: Server | undefined;

  private constructor(public port: number) {}

  /** Listens on `port` (0: any free port). */
  static async start(port = 0): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver(port);
    await receiver.listen();
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks`;
  }

  ids(): string[] {
    return this.received.map((r) => r.id);
  }

  async listen(): Promise<void> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const headers = Object.fromEntries(
          Object.entries(req.headers).map(([k, v]) => [k, String(v)]),
        );
        const verifiedBy = this.secrets.filter((secret) => {
          try {
            new Webhook(secret).verify(body, headers);
            return true;
          } catch {
            return false;
          }
        });
        const status = this.replies.shift() ?? 200;
        this.received.push({
          id: String(req.headers['webhook-id']),
          headers: req.headers,
          body,
          verifiedBy,
          status,
        });
        res.writeHead(status, { 'content-type': 'text/plain' });
        res.end(`answer ${status}`);
      });
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}
