import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';

/**
 * A test-only S3-compatible server, in-process on loopback: path-style requests for the handful
 * of operations the SDK sends for attachments (HeadBucket, CreateBucket, PutObject,
 * CreateMultipartUpload, UploadPart, CompleteMultipartUpload, AbortMultipartUpload, GetObject
 * (also presigned), HeadObject, DeleteObject). Bodies stream to files, never into memory.
 * Signatures (SigV4) are not verified: it checks what this service sends, not S3's auth.
 *
 * Why not a package: s3rver, the usual choice, has had no release since 2021 and pulls in
 * long-outdated parsers; a minimal server is shorter than working around it.
 */
export class TestS3Server {
  readonly buckets = new Set<string>();
  /** Every request as `OPERATION key`, for assertions (e.g. "an upload was aborted"). */
  readonly log: string[] = [];
  private readonly dir = mkdtempSync(join(tmpdir(), 'test-s3-'));
  private readonly objects = new Map<string, { file: string; size: number; type: string }>();
  private readonly uploads = new Map<
    string,
    { key: string; type: string; parts: Map<number, string> }
  >();
  private server!: Server;
  endpoint = '';

  static async start(buckets: string[] = []): Promise<TestS3Server> {
    const s3 = new TestS3Server();
    for (const bucket of buckets) s3.buckets.add(bucket);
    s3.server = createServer((req, res) => {
      s3.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) s3.error(res, 500, 'InternalError', String(error));
        else res.destroy();
      });
    });
    await new Promise<void>((resolve) => s3.server.listen(0, '127.0.0.1', resolve));
    s3.endpoint = `http://127.0.0.1:${(s3.server.address() as AddressInfo).port}`;
    return s3;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Keys stored in a bucket. */
  keys(bucket: string): string[] {
    return [...this.objects.keys()]
      .filter((id) => id.startsWith(`${bucket}/`))
      .map((id) => id.slice(bucket.length + 1));
  }

  async bytesOf(bucket: string, key: string): Promise<Buffer | undefined> {
    const object = this.objects.get(`${bucket}/${key}`);
    return object ? readFile(object.file) : undefined;
  }

  /** Multipart uploads started and neither completed nor aborted. */
  openUploads(): number {
    return this.uploads.size;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://s3');
    const [bucket, ...rest] = url.pathname.slice(1).split('/');
    const key = rest.map(decodeURIComponent).join('/');
    const method = req.method ?? 'GET';
    const q = url.searchParams;
    if ((req.headers['x-amz-content-sha256'] ?? '').toString().startsWith('STREAMING-'))
      return this.error(res, 501, 'NotImplemented', 'aws-chunked bodies are not supported here');

    if (!key) {
      this.log.push(`${method}Bucket ${bucket}`);
      if (method === 'PUT') {
        this.buckets.add(bucket);
        await this.consume(req);
        return this.ok(res, 200);
      }
      if (method === 'HEAD')
        return this.buckets.has(bucket) ? this.ok(res, 200) : this.ok(res, 404);
      return this.error(res, 501, 'NotImplemented', `${method} on a bucket`);
    }
    if (!this.buckets.has(bucket)) {
      await this.consume(req);
      return this.error(res, 404, 'NoSuchBucket', 'The specified bucket does not exist');
    }
    const id = `${bucket}/${key}`;

    if (method === 'POST' && q.has('uploads')) {
      this.log.push(`CreateMultipartUpload ${key}`);
      await this.consume(req);
      const uploadId = randomBytes(8).toString('hex');
      this.uploads.set(uploadId, {
        key: id,
        type: String(req.headers['content-type'] ?? 'application/octet-stream'),
        parts: new Map(),
      });
      return this.xml(
        res,
        `<InitiateMultipartUploadResult><Bucket>${bucket}</Bucket><Key>${key}</Key><UploadId>${uploadId}</UploadId></InitiateMultipartUploadResult>`,
      );
    }
    if (q.has('uploadId')) {
      const uploadId = q.get('uploadId')!;
      const upload = this.uploads.get(uploadId);
      if (!upload) {
        await this.consume(req);
        return this.error(res, 404, 'NoSuchUpload', 'The specified upload does not exist');
      }
      if (method === 'PUT') {
        this.log.push(`UploadPart ${key}`);
        const file = join(this.dir, `${uploadId}.${q.get('partNumber')}`);
        const etag = await this.receive(req, file);
        upload.parts.set(Number(q.get('partNumber')), file);
        res.setHeader('etag', etag);
        return this.ok(res, 200);
      }
      if (method === 'POST') {
        this.log.push(`CompleteMultipartUpload ${key}`);
        await this.consume(req);
        const file = join(this.dir, randomBytes(8).toString('hex'));
        const out = createWriteStream(file);
        for (const number of [...upload.parts.keys()].sort((a, b) => a - b)) {
          await pipeline(createReadStream(upload.parts.get(number)!), out, { end: false });
          await rm(upload.parts.get(number)!);
        }
        await new Promise<void>((resolve) => out.end(resolve));
        this.uploads.delete(uploadId);
        this.objects.set(id, { file, size: (await stat(file)).size, type: upload.type });
        return this.xml(
          res,
          `<CompleteMultipartUploadResult><Location>${this.endpoint}/${id}</Location><Bucket>${bucket}</Bucket><Key>${key}</Key><ETag>"done"</ETag></CompleteMultipartUploadResult>`,
        );
      }
      if (method === 'DELETE') {
        this.log.push(`AbortMultipartUpload ${key}`);
        for (const file of upload.parts.values()) await rm(file, { force: true });
        this.uploads.delete(uploadId);
        return this.ok(res, 204);
      }
    }
    if (method === 'PUT') {
      this.log.push(`PutObject ${key}`);
      const file = join(this.dir, randomBytes(8).toString('hex'));
      const etag = await this.receive(req, file);
      this.objects.set(id, {
        file,
        size: (await stat(file)).size,
        type: String(req.headers['content-type'] ?? 'application/octet-stream'),
      });
      res.setHeader('etag', etag);
      return this.ok(res, 200);
    }
    const object = this.objects.get(id);
    if (method === 'GET' || method === 'HEAD') {
      this.log.push(`${method === 'GET' ? 'GetObject' : 'HeadObject'} ${key}`);
      if (!object) {
        if (method === 'HEAD') return this.ok(res, 404);
        return this.error(res, 404, 'NoSuchKey', 'The specified key does not exist.');
      }
      res.writeHead(200, { 'content-length': object.size, 'content-type': object.type });
      if (method === 'HEAD') return void res.end();
      await pipeline(createReadStream(object.file), res);
      return;
    }
    if (method === 'DELETE') {
      this.log.push(`DeleteObject ${key}`);
      if (object) {
        this.objects.delete(id);
        await rm(object.file, { force: true });
      }
      return this.ok(res, 204);
    }
    return this.error(res, 501, 'NotImplemented', `${method} ${url.search}`);
  }

  private async receive(req: IncomingMessage, file: string): Promise<string> {
    const hash = createHash('md5');
    req.on('data', (chunk: Buffer) => hash.update(chunk));
    await pipeline(req, createWriteStream(file));
    return `"${hash.digest('hex')}"`;
  }

  private async consume(req: IncomingMessage): Promise<void> {
    for await (const chunk of req) void chunk;
  }

  private ok(res: ServerResponse, status: number): void {
    res.writeHead(status, { 'content-length': 0 });
    res.end();
  }

  private xml(res: ServerResponse, body: string, status = 200): void {
    const text = `<?xml version="1.0" encoding="UTF-8"?>\n${body}`;
    res.writeHead(status, {
      'content-type': 'application/xml',
      'content-length': Buffer.byteLength(text),
    });
    res.end(text);
  }

  private error(res: ServerResponse, status: number, code: string, message: string): void {
    this.xml(res, `<Error><Code>${code}</Code><Message>${message}</Message></Error>`, status);
  }
}

/** Writes a file the migration command should copy (test helper). */
export async function writeLocalUpload(root: string, key: string, bytes: Buffer): Promise<void> {
  const { mkdir } = await import('node:fs/promises');
  const { dirname } = await import('node:path');
  await mkdir(dirname(join(root, key)), { recursive: true });
  await writeFile(join(root, key), bytes);
}
