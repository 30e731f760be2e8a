import { Injectable } from '@nestjs/common';
import type { LookupFunction } from 'node:net';
import { lazyImport } from '../../common/lazy/lazy-import.js';
import type { CheckedTarget } from './outbound-target.service.js';

/** The HTTP client, imported on the first delivery (not needed to answer the first request). */
const undici = lazyImport(() => import('undici'));

/** A receiver has this long to answer (headers and body). */
export const WEBHOOK_TIMEOUT_MS = 15_000;
/** What is kept of an answer's body. */
export const RESPONSE_KEEP_BYTES = 2048;

export interface SendResult {
  /** The receiver answered 2xx. */
  ok: boolean;
  statusCode: number | null;
  durationMs: number;
  response: string;
  error: string;
}

/**
 * One POST to a checked target. The connection goes to the address the check returned (the
 * agent's own lookup answers with it, whatever DNS says now), TLS still verifies the URL's host
 * name; redirects are not followed (undici's request does not), so a 3xx is a failure.
 */
@Injectable()
export class WebhookSender {
  async post(
    target: CheckedTarget,
    headers: Record<string, string>,
    body: string,
  ): Promise<SendResult> {
    const { Agent, request } = await undici();
    const pinned: LookupFunction = (_hostname, options, callback) => {
      if (options.all) callback(null, [{ address: target.address, family: target.family }]);
      else callback(null, target.address, target.family);
    };
    const agent = new Agent({
      connect: { lookup: pinned, timeout: WEBHOOK_TIMEOUT_MS },
      headersTimeout: WEBHOOK_TIMEOUT_MS,
      bodyTimeout: WEBHOOK_TIMEOUT_MS,
    });
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    try {
      const answer = await request(target.url, {
        method: 'POST',
        headers,
        body,
        dispatcher: agent,
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      });
      const response = await firstBytes(answer.body, RESPONSE_KEEP_BYTES);
      const ok = answer.statusCode >= 200 && answer.statusCode < 300;
      return {
        ok,
        statusCode: answer.statusCode,
        durationMs: elapsed(),
        response,
        error: ok ? '' : `the receiver answered HTTP ${answer.statusCode}`,
      };
    } catch (error) {
      return {
        ok: false,
        statusCode: null,
        durationMs: elapsed(),
        response: '',
        error: describe(error),
      };
    } finally {
      void agent.destroy().catch(() => undefined);
    }
  }
}

async function firstBytes(body: AsyncIterable<Buffer>, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= limit) break; // leaving the loop destroys the rest of the body
  }
  return Buffer.concat(chunks).subarray(0, limit).toString('utf8').replaceAll('\0', '');
}

function describe(error: unknown): string {
  const e = error as { name?: string; code?: string; message?: string; cause?: { code?: string } };
  if (
    e.name === 'TimeoutError' ||
    e.code === 'UND_ERR_HEADERS_TIMEOUT' ||
    e.code === 'UND_ERR_BODY_TIMEOUT'
  )
    return `no answer within ${WEBHOOK_TIMEOUT_MS / 1000} s`;
  const code = e.code ?? e.cause?.code;
  return `${code ? `${code}: ` : ''}${e.message ?? String(error)}`.slice(0, 500);
}
