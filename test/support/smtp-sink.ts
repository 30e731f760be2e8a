import { simpleParser } from 'mailparser';
import type { ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { SMTPServerDataStream, SMTPServerSession } from 'smtp-server';

export interface ReceivedMail {
  /** The envelope's recipients (RCPT TO). */
  to: string[];
  /** The login the client used ('' = none). */
  user: string;
  parsed: ParsedMail;
  raw: string;
}

/**
 * A real SMTP server in the test process, on 127.0.0.1 only (no TLS, login accepted): it keeps
 * every message it accepts, parsed, and answers a recipient's messages with a chosen SMTP error
 * while told to (`reject`).
 */
export class SmtpSink {
  readonly received: ReceivedMail[] = [];
  private readonly rejections = new Map<string, { code: number; times: number }>();
  private server: SMTPServer | undefined;
  port = 0;

  async start(): Promise<number> {
    this.server = new SMTPServer({
      authOptional: true,
      allowInsecureAuth: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onAuth: (auth, _session, callback) => callback(null, { user: auth.username }),
      onData: (stream, session, callback) => void this.accept(stream, session, callback),
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as { port: number }).port;
    return this.port;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** Answers messages to `address` with `code` (e.g. 450, 550), `times` times. */
  reject(address: string, code: number, times = Infinity): void {
    this.rejections.set(address.toLowerCase(), { code, times });
  }

  to(address: string): ReceivedMail[] {
    return this.received.filter((mail) => mail.to.includes(address.toLowerCase()));
  }

  private async accept(
    stream: SMTPServerDataStream,
    session: SMTPServerSession,
    callback: (error?: Error | null) => void,
  ): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const to = session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase());
    for (const address of to) {
      const rule = this.rejections.get(address);
      if (rule && rule.times > 0) {
        rule.times -= 1;
        const error = new Error(`${rule.code} mailbox says no`) as Error & {
          responseCode: number;
        };
        error.responseCode = rule.code;
        callback(error);
        return;
      }
    }
    const raw = Buffer.concat(chunks).toString('utf8');
    this.received.push({
      to,
      user: String((session.user as string | undefined) ?? ''),
      parsed: await simpleParser(raw),
      raw,
    });
    callback();
  }
}
