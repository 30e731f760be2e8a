import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CATEGORY_TYPE } from '../catalogue/entities/category.entity.js';
import type { DemoCallers } from './demo-api.js';

/** Parents come before their children. */
const DEMO_CATEGORIES = [
  { url_token: 'demo-apparel', title: 'Apparel', parent: '', sort: 1 },
  { url_token: 'demo-home-gifts', title: 'Home & gifts', parent: '', sort: 2 },
  { url_token: 'demo-wall-art', title: 'Wall art', parent: 'demo-home-gifts', sort: 1 },
] as const;

export type DemoCategoryToken = (typeof DEMO_CATEGORIES)[number]['url_token'];

/** The single pages the mini-program's About and Contact tabs show. */
const DEMO_PAGES = [
  {
    url_token: 'about',
    title: 'About us',
    seo_title: 'About the demo custom-order shop',
    description: 'Who we are and how custom orders work.',
    content:
      '<p>We print your artwork on T-shirts, mugs and canvas, one piece at a time.</p><p>Send us a request with your idea: we reply with a sketch and a quote, and print once you accept.</p>',
    images: ['https://picsum.photos/seed/demo-about/800/500'],
  },
  {
    url_token: 'contact',
    title: 'Contact us',
    seo_title: 'Contact the demo custom-order shop',
    description: 'How to reach us.',
    content:
      '<p>Write to shop@example.com or call +86 138 0000 0000, Monday to Friday, 9:00-18:00.</p><p>1 Demo Street, Shenzhen.</p>',
    images: [],
  },
];

/** The site name the migration starts with: demo values replace it only while it is unchanged. */
const MIGRATION_SITE_NAME = 'Custom-order shop';

/**
 * What the storefront pages show around the products, through the routes staff use:
 * categories (two top-level, one sub-category), the shop name and contact details, and two
 * home page banners. Idempotent; settings a person already changed are left alone.
 */
@Injectable()
export class DemoStorefrontSeeder {
  constructor(private readonly dataSource: DataSource) {}

  /** Answers the id of each demo category by url_token. */
  async seed(callers: DemoCallers): Promise<Record<DemoCategoryToken, number>> {
    const { api, staff } = callers;
    const ids = {} as Record<DemoCategoryToken, number>;
    for (const { url_token, title, parent, sort } of DEMO_CATEGORIES) {
      const found = await this.dataSource.query<{ id: number }[]>(
        'SELECT id FROM categories WHERE url_token = $1',
        [url_token],
      );
      ids[url_token] =
        found[0]?.id ??
        (
          await api.post<{ id: number }>(
            '/system/api/category/detail',
            {
              url_token,
              title,
              sort,
              parent_id: parent ? ids[parent] : 0,
              description: `Demo category: ${title}`,
              content: `<p>${title}, made to order for you.</p>`,
            },
            await staff(),
          )
        ).id;
    }
    await this.seedPages(callers);
    const system = await api.get<{ SiteName: string }>('/api/setting/system');
    if (system.SiteName === MIGRATION_SITE_NAME) {
      await api.post(
        '/system/api/setting/system',
        { site_name: 'Demo custom-order shop', site_copyright: '© Demo custom-order shop' },
        await staff(),
      );
      await api.post(
        '/system/api/setting/contact',
        {
          user_name: 'Demo shop',
          cellphone: '+86 138 0000 0000',
          address: '1 Demo Street, Shenzhen',
          email: 'shop@example.com',
          wechat: 'demo-shop',
        },
        await staff(),
      );
      await api.post(
        '/system/api/setting/index',
        {
          seo_title: 'Demo custom-order shop',
          seo_description: 'T-shirts, mugs and canvas prints made to order.',
        },
        await staff(),
      );
    }
    if (!(await api.get<unknown[]>('/api/banner/list')).length) {
      await api.post(
        '/system/api/setting/banner',
        {
          logo: 'https://picsum.photos/seed/demo-banner-1/1200/500',
          alt: 'Your artwork, printed',
          link: '/pages/products/index',
        },
        await staff(),
      );
      await api.post(
        '/system/api/setting/banner',
        {
          logo: 'https://picsum.photos/seed/demo-banner-2/1200/500',
          alt: 'Gifts made to order',
          link: '/pages/category/index?id=' + ids['demo-home-gifts'],
        },
        await staff(),
      );
    }
    return ids;
  }

  /**
   * The mini-program's About and Contact tabs read the single pages `about` and `contact`
   * (`/api/page/detail?filename=`). Created when missing; a page staff edited is left alone.
   */
  private async seedPages({ api, staff }: DemoCallers): Promise<void> {
    for (const page of DEMO_PAGES) {
      const found = await this.dataSource.query<unknown[]>(
        'SELECT 1 FROM categories WHERE url_token = $1',
        [page.url_token],
      );
      if (!found.length)
        await api.post(
          '/system/api/category/detail',
          { ...page, type: CATEGORY_TYPE.page },
          await staff(),
        );
    }
  }
}
