import { connect } from 'node:net';
import { startTestApp, TestApp } from '../support/test-app.js';

interface RawReply {
  status: number;
  headers: Record<string, string>;
  body: any;
  text: string;
}

/**
 * Sends bytes exactly as written (fetch would refuse or fix most of these requests) and reads
 * the reply until the server closes or the body is complete.
 */
function rawRequest(baseUrl: string, request: string | Buffer): Promise<RawReply> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    const finish = () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head, ...rest] = text.split('\r\n\r\n');
      const [statusLine, ...headerLines] = head.split('\r\n');
      const headers = Object.fromEntries(
        headerLines.map((line) => {
          const at = line.indexOf(':');
          return [line.slice(0, at).toLowerCase(), line.slice(at + 1).trim()];
        }),
      );
      const bodyText = rest.join('\r\n\r\n');
      let body: any;
      try {
        body = JSON.parse(bodyText);
      } catch {
        body = undefined;
      }
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body, text: bodyText });
    };
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      const length = /content-length:\s*(\d+)/i.exec(text.slice(0, split));
      if (split >= 0 && length && Buffer.byteLength(text.slice(split + 4)) >= Number(length[1])) {
        socket.end();
        finish();
      }
    });
    socket.on('end', finish);
    socket.on('error', (error) => (chunks.length ? finish() : reject(error)));
    socket.write(request);
  });
}

const envelopeOf = (reply: { body: any }) => ({
  code: reply.body?.code,
  error: reply.body?.error,
  data: reply.body?.data,
});

/** Transport problems keep their HTTP status, and the body is still an envelope. */
describe('transport errors answer envelopes (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ BODY_LIMIT_BYTES: String(64 * 1024) });
  });
  afterAll(async () => {
    await t.close();
  });

  it('431 for headers too large', async () => {
    const reply = await rawRequest(
      t.baseUrl,
      `GET /api/archive/list HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    expect(reply.status).toBe(431);
    expect(envelopeOf(reply)).toEqual({ code: -1, error: 'HTTP.HEADERS_TOO_LARGE', data: null });
  });

  it('431 for a query string too large (it is part of the request line)', async () => {
    const res = await fetch(`${t.baseUrl}/api/archive/list?keyword=${'a'.repeat(20_000)}`);
    expect(res.status).toBe(431);
    expect(envelopeOf({ body: await res.json() })).toEqual({
      code: -1,
      error: 'HTTP.HEADERS_TOO_LARGE',
      data: null,
    });
  });

  it('400 for a request HTTP cannot parse', async () => {
    const reply = await rawRequest(t.baseUrl, 'GARBAGE\r\n\r\n');
    expect(reply.status).toBe(400);
    expect(envelopeOf(reply)).toEqual({ code: -1, error: 'HTTP.BAD_REQUEST', data: null });
  });

  it('400 for a URL that cannot be decoded', async () => {
    // A bad escape, an overlong UTF-8 slash (the classic traversal spelling), a lone byte.
    for (const path of ['/uploads/%zz/a.png', '/uploads/..%c0%af', '/uploads/2024-01/%ff.png', '/api/%c0']) {
      const reply = await rawRequest(t.baseUrl, `GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`);
      expect({ path, status: reply.status }).toEqual({ path, status: 400 });
      expect({ path, body: envelopeOf(reply) }).toEqual({
        path,
        body: { code: -1, error: 'HTTP.BAD_URL', data: null },
      });
    }
  });

  it('414 for a route parameter that is too long', async () => {
    const res = await fetch(`${t.baseUrl}/uploads/2024-01/${'a'.repeat(500)}.png`);
    expect(res.status).toBe(414);
    expect(envelopeOf({ body: await res.json() })).toEqual({
      code: -1,
      error: 'HTTP.URI_TOO_LONG',
      data: null,
    });
  });

  it('415 for a body of a type no parser reads', async () => {
    const res = await t.api.postRaw('/api/login', '<a/>', {
      headers: { 'content-type': 'application/xml' },
    });
    expect(res.status).toBe(415);
    expect(envelopeOf(res)).toEqual({
      code: -1,
      error: 'HTTP.UNSUPPORTED_MEDIA_TYPE',
      data: null,
    });
  });

  it('400 for malformed JSON, an empty JSON body, and a body whose length lies', async () => {
    const malformed = await t.api.postRaw('/api/login', '{"user_name": ');
    expect([malformed.status, malformed.body.error]).toEqual([400, 'HTTP.MALFORMED_JSON']);
    const empty = await t.api.postRaw('/api/login', '');
    expect([empty.status, empty.body.error]).toEqual([400, 'HTTP.MALFORMED_JSON']);
    const lying = await rawRequest(
      t.baseUrl,
      'POST /api/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n{"a":1}',
    );
    expect(lying.status).toBe(400);
    expect(envelopeOf(lying)).toEqual({ code: -1, error: 'HTTP.BAD_REQUEST', data: null });
  });

  it('413 for a body over the limit', async () => {
    const res = await t.api.postRaw('/api/login', JSON.stringify({ a: 'x'.repeat(100_000) }));
    expect(res.status).toBe(413);
    expect(envelopeOf(res)).toEqual({ code: -1, error: 'HTTP.BODY_TOO_LARGE', data: null });
  });

  it('404 for an unknown route or method, naming it', async () => {
    const res = await t.api.request('PUT', '/api/login', '{}', {});
    expect(res.status).toBe(404);
    expect(envelopeOf(res)).toEqual({ code: -1, error: 'HTTP.NOT_FOUND', data: null });
    expect(res.body.msg).toBe('No route PUT /api/login');
  });

  it('keeps serving afterwards', async () => {
    expect((await t.api.get('/health')).status).toBe(200);
  });
});
