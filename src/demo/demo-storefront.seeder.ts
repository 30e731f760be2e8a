import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CATEGORY_TYPE } from '../catalogue/entities/category.entity.js';
import { CategoryAdminService } from '../catalogue/services/category-admin.service.js';
import { BannerService } from '../settings/services/banner.service.js';
import { SettingsService } from '../settings/services/settings.service.js';

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
 * What the storefront pages show around the products, through the services staff use:
 * categories (two top-level, one sub-category), the shop name and contact details, and two
 * home page banners. Idempotent; settings a person already changed are left alone.
 */
@Injectable()
export class DemoStorefrontSeeder {
  constructor(
    private readonly dataSource: DataSource,
    private readonly categories: CategoryAdminService,
    private readonly settings: SettingsService,
    private readonly banners: BannerService,
  ) {}

  /** Answers the id of each demo category by url_token. */
  async seed(): Promise<Record<DemoCategoryToken, number>> {
    const ids = {} as Record<DemoCategoryToken, number>;
    for (const { url_token, title, parent, sort } of DEMO_CATEGORIES) {
      const found = await this.dataSource.query<{ id: number }[]>(
        'SELECT id FROM categories WHERE url_token = $1',
        [url_token],
      );
      ids[url_token] =
        found[0]?.id ??
        (
          await this.categories.save({
            url_token,
            title,
            sort,
            parent_id: parent ? ids[parent] : 0,
            description: `Demo category: ${title}`,
            content: `<p>${title}, made to order for you.</p>`,
          })
        ).id;
    }
    await this.seedPages();
    if ((await this.settings.values('system')).site_name === MIGRATION_SITE_NAME) {
      await this.settings.save('system', {
        site_name: 'Demo custom-order shop',
        site_copyright: '© Demo custom-order shop',
      });
      await this.settings.save('contact', {
        user_name: 'Demo shop',
        cellphone: '+86 138 0000 0000',
        address: '1 Demo Street, Shenzhen',
        email: 'shop@example.com',
        wechat: 'demo-shop',
      });
      await this.settings.save('index', {
        seo_title: 'Demo custom-order shop',
        seo_description: 'T-shirts, mugs and canvas prints made to order.',
      });
    }
    if (!(await this.banners.list()).length) {
      await this.banners.save({
        logo: 'https://picsum.photos/seed/demo-banner-1/1200/500',
        alt: 'Your artwork, printed',
        link: '/pages/products/index',
      });
      await this.banners.save({
        logo: 'https://picsum.photos/seed/demo-banner-2/1200/500',
        alt: 'Gifts made to order',
        link: '/pages/category/index?id=' + ids['demo-home-gifts'],
      });
    }
    return ids;
  }

  /**
   * The mini-program's About and Contact tabs read the single pages `about` and `contact`
   * (`/api/page/detail?filename=`). Created when missing; a page staff edited is left alone.
   */
  private async seedPages(): Promise<void> {
    for (const page of DEMO_PAGES) {
      const found = await this.dataSource.query<unknown[]>(
        'SELECT 1 FROM categories WHERE url_token = $1',
        [page.url_token],
      );
      if (!found.length) await this.categories.save({ ...page, type: CATEGORY_TYPE.page });
    }
  }
}
