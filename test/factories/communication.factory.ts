import { ApiClient } from '../support/api-client.js';
import { TestAdmin, TestCustomer } from './accounts.factory.js';

export const CREATE_BODY = {
  title: '定制网站主题',
  content: '需要定制一个响应式的外贸网站主题,包含多语言功能',
  phone: '13888888888',
  images: [
    'https://en.anqicms.com/uploads/image1.jpg',
    'https://en.anqicms.com/uploads/image2.jpg',
  ],
  order_extra: { delivery_time: '2023-12-31', requirement: '需要支持中英文切换' },
};

function ok<T = any>(res: { body: { code: number; data: T }; text: string }, what: string): T {
  if (res.body.code !== 0) throw new Error(`${what} failed: ${res.text}`);
  return res.body.data;
}

/** Opens a request through the customer API and returns it (status 0). */
export async function createCommOrder(
  api: ApiClient,
  customer: TestCustomer,
  archiveId: number,
  extra: Record<string, unknown> = {},
): Promise<any> {
  const res = await api.post(
    '/api/communication/order/create',
    { archive_id: archiveId, ...CREATE_BODY, ...extra },
    { token: customer.token },
  );
  return ok(res, 'create communication order');
}

export async function staffReply(api: ApiClient, admin: TestAdmin, id: number, content = '您好') {
  return ok(
    await api.post(
      '/system/api/communication/message/send',
      { comm_order_id: id, message_type: 'text', content },
      { admin: admin.token },
    ),
    'staff reply',
  );
}

export async function staffQuote(
  api: ApiClient,
  admin: TestAdmin,
  id: number,
  quotePrice = '9900',
  extra: Record<string, unknown> = {},
): Promise<any> {
  return ok(
    await api.post(
      '/system/api/communication/order/quote',
      { id, quote_price: quotePrice, quote_content: '定制开发费用', ...extra },
      { admin: admin.token },
    ),
    'staff quote',
  );
}
