import { existsSync, readdirSync } from 'node:fs';
import { StorageService } from '../../src/attachments/services/storage.service.js';
import {
  createAdmin,
  registerCustomer,
  TestAdmin,
  TestCustomer,
} from '../factories/accounts.factory.js';
import { createCommOrder } from '../factories/communication.factory.js';
import { createGoodsOnSale } from '../factories/catalogue.factory.js';
import { TINY_GIF, TINY_JPEG, TINY_PNG, TINY_WEBP } from '../fixtures/images.js';
import { RequestOptions } from '../support/api-client.js';
import { startTestApp, TestApp } from '../support/test-app.js';

const MAX_BYTES = 4096;

function form(bytes: Buffer, name: string, type = 'application/octet-stream'): FormData {
  const body = new FormData();
  body.append('file', new Blob([new Uint8Array(bytes)], { type }), name);
  return body;
}

describe('attachments (e2e)', () => {
  let t: TestApp;
  let customer: TestCustomer;
  let staff: TestAdmin;

  beforeAll(async () => {
    t = await startTestApp({ UPLOAD_MAX_BYTES: String(MAX_BYTES) });
    customer = await registerCustomer(t.api);
    staff = await createAdmin(t);
  });
  afterAll(async () => {
    const root = t.app.get(StorageService).localDisk().root;
    await t.close();
    // DATA_DIR=memory:// keeps uploads in a temp directory that goes away with the app.
    expect(existsSync(root)).toBe(false);
  });

  const upload = (body: FormData | string, auth: RequestOptions) =>
    t.api.request<any>('POST', '/api/attachment/upload', body, auth);
  const rowCount = async () =>
    (await t.dataSource.query('SELECT count(*)::int AS n FROM attachments'))[0].n as number;

  it.each([
    ['png', TINY_PNG, 'image/png'],
    ['jpg', TINY_JPEG, 'image/jpeg'],
    ['gif', TINY_GIF, 'image/gif'],
    ['webp', TINY_WEBP, 'image/webp'],
  ])('stores a %s from a customer and serves it back raw', async (ext, bytes, mime) => {
    const res = await upload(form(bytes, `photo.${ext}`), { token: customer.token });
    expect(res.body.code).toBe(0);
    expect(res.body.data).toMatchObject({
      user_id: customer.id,
      uploader_type: 'user',
      file_name: `photo.${ext}`,
      mime_type: mime,
      file_size: bytes.length,
      width: 1,
      height: 1,
      is_image: 1,
    });
    const url: string = res.body.data.url;
    expect(url).toMatch(new RegExp(`^/uploads/\\d{6}/[0-9a-f]{32}\\.${ext}$`));
    expect(res.body.data.file_location).toBe(url.slice(1));

    const served = await fetch(`${t.baseUrl}${url}`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe(mime);
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await served.arrayBuffer())).toEqual(bytes);

    const [row] = await t.dataSource.query('SELECT * FROM attachments WHERE id = $1', [
      res.body.data.id,
    ]);
    expect(row).toMatchObject({
      uploader_type: 'user',
      uploader_id: customer.id,
      mime_type: mime,
      file_size: bytes.length,
      storage_key: url.replace('/uploads/', ''),
    });
  });

  it('accepts staff uploads too (admin token)', async () => {
    const res = await upload(form(TINY_PNG, 'sketch.png'), { admin: staff.token });
    expect(res.body.data).toMatchObject({ uploader_type: 'admin', mime_type: 'image/png' });
  });

  it('decides the type from the bytes, not the name or the declared type', async () => {
    const before = await rowCount();
    const fake = await upload(
      form(
        Buffer.from('<?php system($_GET["c"]); ?> definitely not a png'),
        'evil.png',
        'image/png',
      ),
      { token: customer.token },
    );
    expect(fake.body).toMatchObject({ code: -1, error: 'ATTACHMENT.NOT_AN_IMAGE' });
    const svg = await upload(
      form(
        Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        'x.svg',
        'image/svg+xml',
      ),
      { token: customer.token },
    );
    expect(svg.body).toMatchObject({ code: -1, error: 'ATTACHMENT.NOT_AN_IMAGE' });
    expect(await rowCount()).toBe(before);

    const disguised = await upload(form(TINY_GIF, 'holiday.jpg', 'image/jpeg'), {
      token: customer.token,
    });
    expect(disguised.body.data.mime_type).toBe('image/gif');
    expect(disguised.body.data.url).toMatch(/\.gif$/);
  });

  it('refuses a file over UPLOAD_MAX_BYTES with a clear -1, stores nothing, and keeps serving', async () => {
    const before = await rowCount();
    const big = Buffer.concat([TINY_PNG, Buffer.alloc(MAX_BYTES * 4, 7)]);
    const res = await upload(form(big, 'big.png'), { token: customer.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ code: -1, error: 'ATTACHMENT.TOO_LARGE' });
    expect(res.body.msg).toMatch(/4 KB/);
    expect(await rowCount()).toBe(before);
    const after = await upload(form(TINY_PNG, 'ok.png'), { token: customer.token });
    expect(after.body.code).toBe(0);
  });

  it('explains what is wrong with a non-multipart, empty or file-less upload', async () => {
    const json = await t.api.post(
      '/api/attachment/upload',
      { file: 'x' },
      { token: customer.token },
    );
    expect(json.body).toMatchObject({ code: -1, error: 'ATTACHMENT.NOT_MULTIPART' });
    const fieldsOnly = new FormData();
    fieldsOnly.append('note', 'no file here');
    const none = await upload(fieldsOnly, { token: customer.token });
    expect(none.body).toMatchObject({ code: -1, error: 'ATTACHMENT.NO_FILE' });
    const empty = await upload(form(Buffer.alloc(0), 'empty.png'), { token: customer.token });
    expect(empty.body).toMatchObject({ code: -1, error: 'ATTACHMENT.EMPTY' });
  });

  it('needs a login to upload', async () => {
    const res = await upload(form(TINY_PNG, 'a.png'), {});
    expect(res.body.code).toBe(1001);
  });

  it('answers 404 for unknown files and any path that is not a stored key', async () => {
    for (const path of [
      '/uploads/202601/0123456789abcdef0123456789abcdef.png',
      '/uploads/..%2F..%2Fetc/passwd',
      '/uploads/202601/..%2F..%2F..%2Fetc%2Fpasswd',
      '/uploads/%2E%2E/jwt-secret',
      '/uploads/202601/x.php',
    ]) {
      const res = await fetch(`${t.baseUrl}${path}`);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
    }
  });

  it('gives URLs that requests and image messages accept', async () => {
    const goods = await createGoodsOnSale(t);
    const uploaded = await upload(form(TINY_PNG, 'ref.png'), { token: customer.token });
    const url: string = uploaded.body.data.url;
    const order = await createCommOrder(t.api, customer, goods.id, { images: [url] });
    expect(order.images).toEqual([url]);
    const message = await t.api.post(
      '/api/communication/message/send',
      { comm_order_id: order.id, message_type: 'image', content: url },
      { token: customer.token },
    );
    expect(message.body.data).toMatchObject({ message_type: 'image', content: url });
  });

  it('lets the owner delete an attachment: the row, then the file on disk', async () => {
    const res = await upload(form(TINY_GIF, 'old.gif'), { token: customer.token });
    const path = `/uploads/${res.body.data.file_location.replace(/^uploads\//, '')}`;
    expect((await fetch(`${t.baseUrl}${path}`)).status).toBe(200);
    const removed = await t.api.post<any>(
      '/system/api/attachment/delete',
      { id: res.body.data.id },
      { admin: staff.token },
    );
    expect(removed.body).toMatchObject({ code: 0, data: null });
    expect((await fetch(`${t.baseUrl}${path}`)).status).toBe(404);
    const [audit] = await t.dataSource.query(
      `SELECT action, entity_id FROM audit_logs WHERE action = 'attachment.delete' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit).toMatchObject({ entity_id: String(res.body.data.id) });
  });

  it('stores under one folder per month', () => {
    const root = t.app.get(StorageService).localDisk().root;
    const folders = readdirSync(root);
    expect(folders.length).toBeGreaterThan(0);
    for (const folder of folders) expect(folder).toMatch(/^\d{6}$/);
  });
});

describe('attachments with PUBLIC_URL (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_URL: 'https://shop.example.com/' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('returns absolute URLs', async () => {
    const customer = await registerCustomer(t.api);
    const res = await t.api.request<any>(
      'POST',
      '/api/attachment/upload',
      form(TINY_PNG, 'a.png'),
      {
        token: customer.token,
      },
    );
    expect(res.body.data.url).toMatch(
      /^https:\/\/shop\.example\.com\/uploads\/\d{6}\/[0-9a-f]{32}\.png$/,
    );
  });

  it('takes images larger than the JSON body limit (up to UPLOAD_MAX_BYTES, default 5 MB)', async () => {
    const customer = await registerCustomer(t.api);
    const twoMegabytes = Buffer.concat([TINY_PNG, Buffer.alloc(2 * 1024 * 1024, 1)]);
    const res = await t.api.request<any>(
      'POST',
      '/api/attachment/upload',
      form(twoMegabytes, 'large.png'),
      { token: customer.token },
    );
    expect(res.body).toMatchObject({ code: 0, data: { file_size: twoMegabytes.length } });
  });
});
