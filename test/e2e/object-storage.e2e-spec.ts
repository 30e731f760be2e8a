import { existsSync, readdirSync } from 'node:fs';
import { StorageService } from '../../src/attachments/services/storage.service.js';
import { loadConfig } from '../../src/common/config/app-config.js';
import { createApp } from '../../src/configure-app.js';
import { JsonLogger } from '../../src/common/logging/json-logger.js';
import {
  createAdmin,
  registerCustomer,
  TestAdmin,
  TestCustomer,
} from '../factories/accounts.factory.js';
import { TINY_JPEG, TINY_PNG } from '../fixtures/images.js';
import { solidPng } from '../support/png.js';
import { pollUntil } from '../support/poll.js';
import { TestS3Server, writeLocalUpload } from '../support/s3-server.js';
import { migrateLocalUploads } from '../../src/attachments/services/storage-migration.js';
import { startTestApp, TEST_JWT_SECRET, TestApp } from '../support/test-app.js';

const BUCKET = 'shop-attachments';
const MiB = 1024 * 1024;
const KEY = /^\d{6}\/[0-9a-f]{32}\.(jpg|png|gif|webp)$/;

function form(bytes: Buffer, name: string, extra: Record<string, string> = {}): FormData {
  const body = new FormData();
  for (const [field, value] of Object.entries(extra)) body.append(field, value);
  body.append('file', new Blob([new Uint8Array(bytes)]), name);
  return body;
}

/**
 * Attachments in an S3-compatible bucket (test/support/s3-server.ts, in-process): two instances
 * share it, uploads stream in parts, the key is always the service's, bad settings are refused.
 */
describe('object storage for attachments (e2e)', () => {
  let s3: TestS3Server;
  let a: TestApp;
  let b: TestApp;
  let customer: TestCustomer;
  let s3Env: Record<string, string>;
  const extra: TestApp[] = [];

  beforeAll(async () => {
    // Settings without keys fall back to the SDK's credential chain: keep it off the network
    // (no instance-metadata lookup; test traffic stays on loopback).
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
    s3 = await TestS3Server.start([BUCKET]);
    s3Env = {
      STORAGE_TYPE: 's3',
      S3_ENDPOINT: s3.endpoint,
      S3_REGION: 'us-east-1',
      S3_BUCKET: BUCKET,
      S3_ACCESS_KEY: 'test-access-key',
      S3_SECRET_KEY: 'test-secret-key',
      S3_FORCE_PATH_STYLE: 'true',
      UPLOAD_MAX_BYTES: String(16 * MiB),
    };
    a = await startTestApp(s3Env);
    b = await startTestApp(s3Env, { databaseUrl: a.databaseUrl });
    customer = await registerCustomer(a.api);
  });
  afterAll(async () => {
    for (const t of extra) await t.close();
    await b?.close();
    await a?.close();
    await s3?.close();
  });

  const uploadTo = (t: TestApp, body: FormData) =>
    t.api.request<any>('POST', '/api/attachment/upload', body, { token: customer.token });

  /** GET /uploads/... on an instance, following its redirect to the bucket. */
  async function fetchThrough(
    t: TestApp,
    url: string,
  ): Promise<{ status: number; bytes: Buffer; location: string }> {
    const first = await fetch(`${t.baseUrl}${new URL(url, 'http://x').pathname}`, {
      redirect: 'manual',
    });
    const location = first.headers.get('location') ?? '';
    await first.arrayBuffer();
    if (first.status !== 302) return { status: first.status, bytes: Buffer.alloc(0), location };
    const second = await fetch(location);
    return { status: second.status, bytes: Buffer.from(await second.arrayBuffer()), location };
  }

  it('stores an upload through instance A in the bucket and serves it through instance B', async () => {
    const res = await uploadTo(a, form(TINY_PNG, 'photo.png'));
    expect(res.body.code).toBe(0);
    const key = res.body.data.file_location.replace(/^uploads\//, '');
    expect(key).toMatch(KEY);
    expect(s3.keys(BUCKET)).toContain(key);
    expect(await s3.bytesOf(BUCKET, key)).toEqual(TINY_PNG);

    const served = await fetchThrough(b, res.body.data.url);
    expect(served.status).toBe(200);
    expect(served.bytes).toEqual(TINY_PNG);
    // A short-lived presigned link on the bucket (no public base configured).
    expect(served.location.startsWith(`${s3.endpoint}/${BUCKET}/${key}?`)).toBe(true);
    expect(new URL(served.location).searchParams.get('X-Amz-Expires')).toBe('300');
    // Nothing went to either instance's disk.
    for (const t of [a, b]) {
      const root = t.app.get(StorageService).localDisk().root;
      expect(existsSync(root) ? readdirSync(root) : []).toEqual([]);
    }
  });

  it('deletes the object from the bucket after the row is gone', async () => {
    const owner = await createAdmin(b);
    const res = await uploadTo(a, form(TINY_PNG, 'gone.png'));
    const key = res.body.data.file_location.replace(/^uploads\//, '');
    expect(s3.keys(BUCKET)).toContain(key);
    const removed = await b.api.post<any>(
      '/system/api/attachment/delete',
      { id: res.body.data.id },
      { admin: owner.token },
    );
    expect(removed.body).toMatchObject({ code: 0, data: null });
    expect(s3.keys(BUCKET)).not.toContain(key);
    const [{ n }] = await a.dataSource.query(
      'SELECT count(*)::int AS n FROM attachments WHERE id = $1',
      [res.body.data.id],
    );
    expect(n).toBe(0);
    expect((await fetchThrough(a, res.body.data.url)).status).toBe(404);
    const again = await b.api.post<any>(
      '/system/api/attachment/delete',
      { id: res.body.data.id },
      { admin: owner.token },
    );
    expect(again.body).toMatchObject({
      code: -1,
      msg: `No attachment with id ${res.body.data.id}`,
    });
  });

  it('never lets the client choose the object key', async () => {
    const before = s3.keys(BUCKET).length;
    const res = await uploadTo(
      b,
      form(TINY_JPEG, '../../../etc/evil.png', { key: 'chosen/key.png', Key: 'x', path: 'y' }),
    );
    expect(res.body.code).toBe(0);
    expect(res.body.data.file_name).toBe('evil.png');
    const keys = s3.keys(BUCKET);
    expect(keys.length).toBe(before + 1);
    for (const key of keys) expect(key).toMatch(KEY);
    expect(keys.some((key) => key.endsWith('.jpg'))).toBe(true);
  });

  it('refuses a file over the limit with a clear error and leaves no object or part behind', async () => {
    // Closed in afterAll: apps in one process share passport's strategies (the last one's).
    const small = await startTestApp(
      { ...s3Env, UPLOAD_MAX_BYTES: String(MiB) },
      { databaseUrl: a.databaseUrl },
    );
    extra.push(small);
    {
      const before = s3.keys(BUCKET).length;
      const big = Buffer.concat([solidPng(2, 2, [1, 2, 3]), Buffer.alloc(2 * MiB, 7)]);
      const res = await small.api.request<any>(
        'POST',
        '/api/attachment/upload',
        form(big, 'big.png'),
        {
          token: customer.token,
        },
      );
      expect(res.body.code).toBe(-1);
      expect(res.body.msg).toMatch(/too large.*1 MB/);
      expect(s3.keys(BUCKET).length).toBe(before);
      expect(s3.openUploads()).toBe(0);
    }
  });

  it('streams a 10 MiB image to the bucket in parts, holding about one part in memory', async () => {
    const total = 10 * MiB;
    const head = solidPng(4, 4, [200, 10, 10]);
    const boundary = `----test${Date.now()}`;
    const opening = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.png"\r\n` +
        `Content-Type: image/png\r\n\r\n`,
    );
    const closing = Buffer.from(`\r\n--${boundary}--\r\n`);
    const chunk = Buffer.alloc(256 * 1024, 0x5a);
    // The client sends 6 MiB, then waits until the service has handed the first 5 MiB part to
    // the bucket: a service that buffered whole files would never get there.
    const firstPart = (): boolean => s3.log.some((line) => line.startsWith('UploadPart'));
    let sent = 0;
    let memoryAtPause: number | undefined;
    // Live memory only (npm run jest passes --expose-gc): twice, for what the first one frees.
    const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
    const live = () => {
      gc();
      gc();
      const usage = process.memoryUsage();
      return usage.heapUsed + usage.arrayBuffers;
    };
    let baseline = 0;
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (sent === 0) {
          baseline = live();
          controller.enqueue(opening);
          controller.enqueue(head);
          sent = head.length;
          return;
        }
        if (sent >= total) {
          controller.enqueue(closing);
          controller.close();
          return;
        }
        if (sent >= 6 * MiB && !firstPart()) {
          const seen = await pollUntil(60_000, () => Promise.resolve(firstPart()), Boolean);
          expect(seen).toBe(true);
          memoryAtPause = live() - baseline;
        }
        const piece = chunk.subarray(0, Math.min(chunk.length, total - sent));
        controller.enqueue(piece);
        sent += piece.length;
      },
    });
    const res = await fetch(`${a.baseUrl}/api/attachment/upload`, {
      method: 'POST',
      headers: {
        'content-type': `multipart/form-data; boundary=${boundary}`,
        token: customer.token,
      },
      body: stream,
      duplex: 'half',
    });
    const body = (await res.json()) as any;
    expect(body).toMatchObject({ code: 0, msg: '' });
    expect(body.data.file_size).toBe(total);
    expect(body.data.width).toBe(4);
    const key = body.data.file_location.replace(/^uploads\//, '');
    expect(s3.log.filter((line) => line === `UploadPart ${key}`).length).toBe(2);
    expect(s3.log).toContain(`CompleteMultipartUpload ${key}`);
    expect((await s3.bytesOf(BUCKET, key))?.length).toBe(total);
    // The proof of streaming is the pause itself: the first part reached the bucket while the
    // client still held most of the file back (a service buffering the whole file would never
    // send a part before the last byte, and the pull above would time out). Live memory then
    // holds the stored part (the S3 server runs in this process), the part being read and the
    // parser's buffers: about 7 MiB on a quiet machine, up to ~17 MiB under load, when reading
    // runs ahead of a slow upload by a part. A whole-file buffer on top would pass 2× the file.
    expect(memoryAtPause).toBeDefined();
    expect(memoryAtPause).toBeLessThan(2 * total);
  });

  it('answers 404 for a key that is not in the bucket', async () => {
    const res = await fetch(`${b.baseUrl}/uploads/202601/${'0'.repeat(32)}.png`, {
      redirect: 'manual',
    });
    // The service does not look the key up in the bucket (no remote call per image): the
    // browser follows the link and the bucket answers 404.
    expect(res.status).toBe(302);
    const bucket = await fetch(res.headers.get('location')!);
    expect(bucket.status).toBe(404);
  });

  it('copies existing local files to the bucket with storage:migrate, resuming after a stop', async () => {
    const storage = a.app.get(StorageService);
    const root = storage.localDisk().root;
    const files = [1, 2, 3].map((n) => ({
      key: `202401/${String(n).repeat(32)}.png`,
      bytes: solidPng(n, n, [n, n, n]),
    }));
    const lost = `202401/${'4'.repeat(32)}.png`;
    for (const file of files) await writeLocalUpload(root, file.key, file.bytes);
    for (const { key, bytes } of [...files, { key: lost, bytes: TINY_PNG }])
      await a.dataSource.query(
        `INSERT INTO attachments (uploader_type, uploader_id, file_name, storage_key, mime_type,
                                  file_size, width, height, sha256)
         VALUES ('user', $1, 'old.png', $2, 'image/png', $3, 1, 1, $4)`,
        [customer.id, key, bytes.length, '0'.repeat(64)],
      );
    const [{ first }] = await a.dataSource.query(
      'SELECT min(id)::int AS first FROM attachments WHERE storage_key LIKE $1',
      ['202401/%'],
    );

    // Stopped after one file (as an interrupted run would be)…
    const partial = await migrateLocalUploads(a.dataSource, storage, { fromId: first, limit: 1 });
    expect(partial).toMatchObject({ copied: 1, skipped: 0, missing: 0, nextId: first + 1 });
    // …then run again from the start: the copied file is skipped, the rest copied.
    const rest = await migrateLocalUploads(a.dataSource, storage, { fromId: first });
    expect(rest).toEqual({ copied: 2, skipped: 1, missing: 1 });
    for (const file of files) expect(await s3.bytesOf(BUCKET, file.key)).toEqual(file.bytes);
    expect(s3.keys(BUCKET)).not.toContain(lost);
    // And the old /uploads URLs now lead to the bucket's copy.
    const served = await fetchThrough(b, `/uploads/${files[1].key}`);
    expect(served.bytes).toEqual(files[1].bytes);
  });

  describe('staff storage settings (AnqiCMS storage plugin path)', () => {
    let c: TestApp;
    let owner: TestAdmin;
    const save = (body: Record<string, unknown>, t: TestApp = c, admin = owner) =>
      t.api.post<any>('/system/api/plugin/storage', body, { admin: admin.token });

    beforeAll(async () => {
      // Its own database, local storage until staff say otherwise.
      c = await startTestApp();
      extra.push(c);
      owner = await createAdmin(c);
    });

    it('refuses settings that cannot work, naming the field, and stores nothing', async () => {
      const noBucket = await save({ storage_type: 's3' });
      expect(noBucket.body).toMatchObject({
        code: -1,
        msg: 's3_bucket: is required when storage_type is s3',
      });
      const noKeys = await save({
        storage_type: 's3',
        s3_endpoint: s3.endpoint,
        s3_bucket: BUCKET,
        s3_force_path_style: true,
      });
      expect(noKeys.body.msg).toMatch(/^s3_bucket: shop-attachments: no keys: set s3_access_key/);
      const missing = await save({
        storage_type: 's3',
        s3_endpoint: s3.endpoint,
        s3_bucket: 'no-such-bucket',
        s3_access_key: 'k',
        s3_secret_key: 's',
        s3_force_path_style: true,
      });
      expect(missing.body.msg).toBe('s3_bucket: no-such-bucket: the bucket does not exist');
      const badUrl = await save({
        storage_type: 's3',
        s3_bucket: BUCKET,
        s3_public_url: 'cdn.example.com',
      });
      expect(badUrl.body.msg).toBe('s3_public_url: "cdn.example.com" is not a URL');
      const view = await c.api.get<any>('/system/api/plugin/storage', {
        admin: owner.token,
      });
      expect(view.body.data).toMatchObject({
        storage_type: 'local',
        s3_bucket: '',
        env_fields: [],
      });
    });

    it('saves a working bucket (keys write-only) and stores the next upload there', async () => {
      const res = await save({
        storage_type: 's3',
        s3_endpoint: s3.endpoint,
        s3_region: 'us-east-1',
        s3_bucket: BUCKET,
        s3_access_key: 'staff-access-key',
        s3_secret_key: 'staff-secret-key-0123',
        s3_force_path_style: true,
      });
      expect(res.body.code).toBe(0);
      expect(res.body.data).toMatchObject({
        storage_type: 's3',
        s3_bucket: BUCKET,
        s3_access_key: '',
        has_s3_access_key: true,
        s3_secret_key: '',
        has_s3_secret_key: true,
      });
      expect(res.text).not.toContain('staff-secret-key-0123');
      expect(res.text).not.toContain('staff-access-key');

      const me = await registerCustomer(c.api);
      const upload = await c.api.request<any>(
        'POST',
        '/api/attachment/upload',
        form(TINY_PNG, 'p.png'),
        {
          token: me.token,
        },
      );
      expect(upload.body.code).toBe(0);
      expect(s3.keys(BUCKET)).toContain(upload.body.data.file_location.replace(/^uploads\//, ''));

      // A key sent as "" keeps it.
      const kept = await save({ s3_secret_key: '' });
      expect(kept.body.data.has_s3_secret_key).toBe(true);
    });

    it('leaves fields set by environment variables alone', async () => {
      // A fresh instance on A's database: apps in one process share passport's strategies
      // (the last one started), and this one reads the accounts where `me` is.
      const d = await startTestApp(s3Env, { databaseUrl: a.databaseUrl });
      extra.push(d);
      const me = await createAdmin(d);
      const res = await save({ s3_bucket: 'other-bucket' }, d, me);
      expect(res.body).toMatchObject({
        code: -1,
        msg: 's3_bucket is set by the S3_BUCKET environment variable and cannot be changed here',
      });
      const view = await d.api.get<any>('/system/api/plugin/storage', { admin: me.token });
      expect(view.body.data.env_fields).toEqual(
        expect.arrayContaining(['storage_type', 's3_bucket', 's3_access_key', 's3_secret_key']),
      );
      expect(view.text).not.toContain('test-secret-key');
    });
  });

  describe('bad settings stop the start with a clear message', () => {
    const startWith = async (env: Record<string, string>) => {
      const config = loadConfig({
        NODE_ENV: 'test',
        JWT_SECRET: TEST_JWT_SECRET,
        DATA_DIR: 'memory://',
        SEED_DEMO: 'false',
        LOG_LEVEL: 'error',
        DATABASE_URL: a.databaseUrl!,
        EVENT_WORKERS: 'false',
        ...env,
      });
      const app = await createApp(config, new JsonLogger('error'));
      try {
        await app.init();
      } finally {
        await app.close();
      }
    };

    it.each([
      [{ STORAGE_TYPE: 'ftp' }, /STORAGE_TYPE: must be one of local, s3, got "ftp"/],
      [{ STORAGE_TYPE: 's3' }, /s3_bucket: is required when storage_type is s3/],
      [
        { STORAGE_TYPE: 's3', S3_BUCKET: 'Bad_Bucket' },
        /S3_BUCKET: "Bad_Bucket" is not a bucket name/,
      ],
      [
        { STORAGE_TYPE: 's3', S3_BUCKET: 'ok-bucket', S3_ENDPOINT: 'ftp://x' },
        /S3_ENDPOINT: must be an http/,
      ],
      [{ STORAGE_TYPE: 's3', S3_BUCKET: 'ok-bucket', S3_ACCESS_KEY: 'only-one' }, /set together/],
      [
        { STORAGE_TYPE: 's3', S3_BUCKET: 'ok-bucket', S3_FORCE_PATH_STYLE: 'maybe' },
        /S3_FORCE_PATH_STYLE: must be true or false/,
      ],
    ])('%j', async (env, message) => {
      await expect(startWith(env)).rejects.toThrow(message);
    });

    it('names a bucket that does not exist', async () => {
      await expect(startWith({ ...s3Env, S3_BUCKET: 'no-such-bucket' })).rejects.toThrow(
        /S3_BUCKET: no-such-bucket: the bucket does not exist/,
      );
    });
  });
});
