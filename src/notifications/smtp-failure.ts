/**
 * What a failed send means for the mail: try again later (`retry`: SMTP 4xx, the server
 * unreachable or slow), give up (`rejected`: SMTP 5xx for this message or recipient), or give
 * up because the settings are wrong (`config`: no server, refused login, TLS mismatch). Only
 * `retry` is retried; the others are listed as failed with the server's reply.
 */
export type SmtpFailureClass = 'retry' | 'rejected' | 'config';

export interface SmtpFailure {
  kind: SmtpFailureClass;
  /** The server's reply or the error, for the list (never a credential). */
  message: string;
}

interface MailerError {
  code?: string;
  responseCode?: number;
  response?: string;
  message?: string;
}

const NETWORK_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNRESET']);
const CONFIG_CODES = new Set(['EAUTH', 'ENOAUTH', 'ETLS', 'EOAUTH2']);

export function classifySmtpFailure(error: unknown): SmtpFailure {
  const e = (error ?? {}) as MailerError;
  const message = (e.response || e.message || String(error)).slice(0, 1000);
  if (e.code && CONFIG_CODES.has(e.code)) return { kind: 'config', message };
  if (typeof e.responseCode === 'number') {
    if (e.responseCode >= 400 && e.responseCode < 500) return { kind: 'retry', message };
    if (e.responseCode === 530 || e.responseCode === 535) return { kind: 'config', message };
    if (e.responseCode >= 500) return { kind: 'rejected', message };
  }
  if (e.code && NETWORK_CODES.has(e.code)) return { kind: 'retry', message };
  // An address nodemailer refuses before asking the server (EENVELOPE without a reply).
  if (e.code === 'EENVELOPE') return { kind: 'rejected', message };
  return { kind: 'retry', message };
}

/** Attempts before a mail that keeps failing temporarily is given up. */
export const MAX_MAIL_ATTEMPTS = 8;

/** Seconds before attempt `attempts + 1`: 30 s, 2 min, 8 min, 32 min, then every 2 h. */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(30 * 4 ** Math.max(0, attempts - 1), 7200);
}
