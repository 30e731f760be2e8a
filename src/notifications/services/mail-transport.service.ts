import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { Transporter } from 'nodemailer';
import { lazyImport } from '../../common/lazy/lazy-import.js';
import type { MailSettings } from './mail-settings.service.js';

/** nodemailer, imported on the first mail (not needed to answer the first request). */
const mailer = lazyImport(() => import('nodemailer'));

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Customer mails: RFC 8058 one-click unsubscribe (List-Unsubscribe + List-Unsubscribe-Post). */
  unsubscribeUrl?: string;
  senderName: string;
}

export interface SentMail {
  /** The server's reply to the message, e.g. "250 2.0.0 OK". */
  response: string;
  accepted: string[];
}

/**
 * One pooled SMTP transport per instance, built from the effective settings and rebuilt when
 * they change (a fingerprint of server, port, TLS mode and login; the settings themselves stay in
 * the database). Nodemailer's own logging stays off: it would print the login exchange.
 */
@Injectable()
export class MailTransportService implements OnApplicationShutdown {
  private transport: { fingerprint: string; transporter: Transporter } | undefined;

  async send(settings: MailSettings, mail: OutgoingMail): Promise<SentMail> {
    const info = (await (
      await this.transporterFor(settings)
    ).sendMail({
      from: { name: mail.senderName, address: settings.fromAddress },
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      headers: mail.unsubscribeUrl
        ? { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }
        : undefined,
      list: mail.unsubscribeUrl ? { unsubscribe: mail.unsubscribeUrl } : undefined,
    })) as { response: string; accepted: unknown[] };
    return { response: info.response, accepted: info.accepted.map(String) };
  }

  onApplicationShutdown(): void {
    this.transport?.transporter.close();
    this.transport = undefined;
  }

  private async transporterFor(settings: MailSettings): Promise<Transporter> {
    const { default: nodemailer } = await mailer();
    const fingerprint = createHash('sha256')
      .update(
        JSON.stringify([
          settings.server,
          settings.port,
          settings.useSsl,
          settings.account,
          settings.password,
        ]),
      )
      .digest('hex');
    if (this.transport?.fingerprint === fingerprint) return this.transport.transporter;
    this.transport?.transporter.close();
    const transporter = nodemailer.createTransport({
      pool: true,
      maxConnections: 2,
      host: settings.server,
      port: settings.port,
      secure: settings.useSsl === 1,
      requireTLS: settings.useSsl === 2,
      auth: settings.account ? { user: settings.account, pass: settings.password } : undefined,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
      logger: false,
      debug: false,
    });
    this.transport = { fingerprint, transporter };
    return transporter;
  }
}
