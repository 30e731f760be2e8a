import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { SaveArchiveRequestDto } from '../catalogue/dto/archive.request.dto.js';
import type { DemoCallers } from './demo-api.js';
import type { DemoCategoryToken } from './demo-storefront.seeder.js';

export const DEMO_SELLER = { user_name: 'demo-seller', password: 'seller123' };
export const DEMO_COUPON_CODE = 'WELCOME10';
export const DEMO_GROUP_TITLE = 'VIP';

const DEMO_PRODUCTS: ({ category: DemoCategoryToken } & SaveArchiveRequestDto)[] = [
  {
    url_token: 'demo-custom-t-shirt',
    category: 'demo-apparel',
    tags: ['cotton', 'print'],
    content:
      '<p>180 g cotton, printed with your artwork.</p><ul><li>Size M</li><li>Size L</li></ul>',
    title: 'Custom printed T-shirt',
    description: 'Your artwork printed on a cotton T-shirt. Choose a size.',
    price: 9900,
    stock: 0,
    images: ['https://picsum.photos/seed/demo-tshirt/800/800'],
    skus: [
      { title: 'Size M', price: 9900, stock: 50 },
      { title: 'Size L', price: 10900, stock: 30 },
    ],
  },
  {
    url_token: 'demo-photo-mug',
    category: 'demo-home-gifts',
    tags: ['gift'],
    content: '<p>A 330 ml ceramic mug with your photo, dishwasher safe.</p>',
    title: 'Photo mug',
    description: 'A ceramic mug with your photo.',
    price: 4900,
    stock: 100,
    images: ['https://picsum.photos/seed/demo-mug/800/800'],
  },
  {
    url_token: 'demo-canvas-print',
    category: 'demo-wall-art',
    tags: ['gift', 'wall art'],
    content: '<p>Your picture on canvas stretched over a wooden frame, ready to hang.</p>',
    title: 'Canvas print 40×60',
    description: 'Your picture on stretched canvas.',
    price: 19900,
    stock: 20,
    images: ['https://picsum.photos/seed/demo-canvas/800/800'],
  },
];

/**
 * The shop part of the demo data, made through the same routes staff use: a seller account,
 * three products (one sold in two sizes, each in a demo category, with content and tags), a "VIP" group and the WELCOME10 coupon code.
 * Idempotent: each item is looked up by its natural key first.
 */
@Injectable()
export class DemoShopSeeder {
  constructor(private readonly dataSource: DataSource) {}

  async seed(
    { api, staff }: DemoCallers,
    categoryIds: Record<DemoCategoryToken, number>,
  ): Promise<void> {
    const sellerId = await this.seller(api);
    for (const { category, ...product } of DEMO_PRODUCTS) {
      if (!(await this.exists('archives', 'url_token', product.url_token!, 'deleted_time IS NULL')))
        await api.post(
          '/system/api/archive/detail',
          { ...product, category_id: categoryIds[category], user_id: sellerId },
          await staff(),
        );
    }
    if (!(await this.exists('user_groups', 'title', DEMO_GROUP_TITLE)))
      await api.post(
        '/system/api/user/group/detail',
        {
          title: DEMO_GROUP_TITLE,
          description: '10% off every product for a year',
          level: 1,
          price: 9900,
          discount: 10,
          share_reward: 10,
          parent_reward: 5,
          expire_day: 365,
        },
        await staff(),
      );
    if (!(await this.exists('coupon_codes', 'code', DEMO_COUPON_CODE))) {
      const coupon = await api.post<{ id: number }>(
        '/system/api/coupon/detail',
        {
          name: 'Welcome, 10% off',
          type: 'percent',
          value: 10,
          max_discount: 5000,
          per_user_limit: 1,
        },
        await staff(),
      );
      await api.post(
        '/system/api/coupon/codes/generate',
        { coupon_id: coupon.id, code: DEMO_COUPON_CODE, usage_limit: 0 },
        await staff(),
      );
    }
  }

  /** The seller is a customer account, registered as anyone registers. */
  private async seller(api: DemoCallers['api']): Promise<number> {
    const found = await this.dataSource.query<{ id: number }[]>(
      'SELECT id FROM users WHERE user_name = $1',
      [DEMO_SELLER.user_name],
    );
    if (found.length) return found[0].id;
    return (await api.post<{ id: number }>('/api/register', { ...DEMO_SELLER })).id;
  }

  private async exists(table: string, column: string, value: string, extra = 'TRUE') {
    const [{ exists }] = await this.dataSource.query<{ exists: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM ${table} WHERE ${column} = $1 AND ${extra}) AS exists`,
      [value],
    );
    return exists;
  }
}
