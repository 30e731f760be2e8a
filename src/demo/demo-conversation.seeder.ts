import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { DemoCallers } from './demo-api.js';

/**
 * Two customization requests of the demo customer: one asked, answered by staff and quoted (id 1
 * on a fresh database), so the demo shows a thread and an acceptable quote at once; and one just
 * opened (id 2), waiting for staff to quote it. Swagger's examples name these ids. Idempotent:
 * skipped when the customer already has a request.
 */
@Injectable()
export class DemoConversationSeeder {
  constructor(private readonly dataSource: DataSource) {}

  async seed(
    { api, staff: staffSession, customer: customerSession }: DemoCallers,
    customerName: string,
    adminName: string,
    productToken: string,
    openRequestProductToken: string,
  ): Promise<void> {
    const [row] = await this.dataSource.query<
      { customer: number; admin: number; goods: number; other: number; requests: number }[]
    >(
      `SELECT (SELECT id FROM users WHERE user_name = $1) AS customer,
              (SELECT id FROM admins WHERE user_name = $2) AS admin,
              (SELECT id FROM archives WHERE url_token = $3 AND deleted_time IS NULL) AS goods,
              (SELECT id FROM archives WHERE url_token = $4 AND deleted_time IS NULL) AS other,
              (SELECT count(*)::int FROM comm_orders o JOIN users u ON u.id = o.user_id WHERE u.user_name = $1) AS requests`,
      [customerName, adminName, productToken, openRequestProductToken],
    );
    if (!row?.customer || !row.admin || !row.goods || !row.other || row.requests > 0) return;
    const customer = await customerSession();
    const staff = await staffSession();
    const request = await api.post<{ id: number }>(
      '/api/communication/order/create',
      {
        archive_id: row.goods,
        title: 'Family photo on canvas',
        content: 'Our wedding photo, 40×60, with our names and the date in the corner.',
        phone: '13800000000',
        order_extra: { names: 'Anna & Li', date: '2026-06-20' },
      },
      customer,
    );
    await api.post(
      '/system/api/communication/message/send',
      {
        comm_order_id: request.id,
        message_type: 'text',
        content: 'Hello! Happy to. Gold or white lettering?',
      },
      staff,
    );
    await api.post(
      '/api/communication/message/send',
      { comm_order_id: request.id, message_type: 'text', content: 'Gold, please.' },
      customer,
    );
    await api.post(
      '/system/api/communication/order/quote',
      {
        id: request.id,
        quote_price: '159.00',
        quote_content: 'Canvas 40×60 with gold lettering, framed, ships in 5 days.',
      },
      staff,
    );
    await api.post(
      '/api/communication/order/create',
      {
        archive_id: row.other,
        title: 'Mug with our dog',
        content: 'A photo of our dog on both sides, with his name "Bao" under it.',
        phone: '13800000000',
        order_extra: { name: 'Bao' },
      },
      customer,
    );
  }
}
