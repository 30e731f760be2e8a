import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../common/config/app-config.js';
import type { AppConfig } from '../common/config/app-config.js';
import { DatabaseInfo } from '../common/database/database.module.js';
import { AdminAccountService } from '../users/services/admin-account.service.js';
import { CustomerAccountService } from '../users/services/customer-account.service.js';
import { DemoApi, DemoCallers, DemoSession, onFirstUse } from './demo-api.js';
import { DemoConversationSeeder } from './demo-conversation.seeder.js';
import { DEMO_COUPON_CODE, DEMO_SELLER, DemoShopSeeder } from './demo-shop.seeder.js';
import { DemoStorefrontSeeder } from './demo-storefront.seeder.js';

export const DEMO_ADMIN = { user_name: 'admin', password: 'admin123' };
export const DEMO_CUSTOMER = { user_name: 'demo', password: 'demo123' };

/**
 * Demo data: a staff account, a customer, the storefront (DemoStorefrontSeeder: categories,
 * shop settings, banners), and the shop (DemoShopSeeder): a seller, three
 * products, a VIP group and the WELCOME10 coupon code; and two customization requests of the demo
 * customer, one quoted and one open (DemoConversationSeeder).
 * Everything but the first staff account (no route can make that one) is made through the app's
 * own routes, in-process (DemoApi), as the demo staff and customer.
 * Runs from `npm run seed:demo`, and by itself on the first start of an empty embedded database
 * so the README's start command shows a working service. Idempotent.
 */
@Injectable()
export class DemoSeedService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Demo');

  constructor(
    private readonly info: DatabaseInfo,
    private readonly admins: AdminAccountService,
    private readonly customers: CustomerAccountService,
    private readonly dataSource: DataSource,
    private readonly http: HttpAdapterHost,
    private readonly shop: DemoShopSeeder,
    private readonly storefront: DemoStorefrontSeeder,
    private readonly conversation: DemoConversationSeeder,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.info.embedded && this.info.freshlyCreated && this.config.seedDemoOnEmpty) {
      this.logger.log('seeding demo data (first start of an empty embedded database)');
      await this.seed();
    }
  }

  /**
   * The demo logins that still work, for the start banner: printed on every start while the demo
   * accounts keep their demo passwords, and no more once they are changed or removed.
   */
  async demoLoginsInUse(): Promise<string[]> {
    const lines: string[] = [];
    if (await this.admins.acceptsPassword(DEMO_ADMIN.user_name, DEMO_ADMIN.password)) {
      lines.push(`staff     POST /system/api/login ${JSON.stringify(DEMO_ADMIN)}`);
      lines.push(
        `staff     /staff/ (the inbox): user name ${DEMO_ADMIN.user_name}, password ${DEMO_ADMIN.password}`,
      );
    }
    if (await this.customers.acceptsPassword(DEMO_CUSTOMER.user_name, DEMO_CUSTOMER.password)) {
      lines.push(`customer  POST /api/login ${JSON.stringify(DEMO_CUSTOMER)}`);
    }
    return lines;
  }

  async seed(): Promise<void> {
    await this.admins.ensureAdmin(DEMO_ADMIN.user_name, DEMO_ADMIN.password);
    const api = new DemoApi(this.http.httpAdapter.getInstance<FastifyInstance>());
    const [{ exists }] = await this.dataSource.query<{ exists: boolean }[]>(
      'SELECT EXISTS (SELECT 1 FROM users WHERE user_name = $1) AS exists',
      [DEMO_CUSTOMER.user_name],
    );
    const registered = exists
      ? undefined
      : await api.post<{ token: string }>('/api/register', { ...DEMO_CUSTOMER });
    const callers: DemoCallers = {
      api,
      staff: onFirstUse(() => api.staff(DEMO_ADMIN)),
      customer: onFirstUse(async (): Promise<DemoSession> =>
        registered ? { header: 'token', token: registered.token } : api.customer(DEMO_CUSTOMER),
      ),
    };
    await this.shop.seed(callers, await this.storefront.seed(callers));
    await this.conversation.seed(
      callers,
      DEMO_CUSTOMER.user_name,
      DEMO_ADMIN.user_name,
      'demo-canvas-print',
      'demo-photo-mug',
    );
    this.logger.log(
      `demo data ready: staff login POST /system/api/login ${JSON.stringify(DEMO_ADMIN)}; ` +
        `customer login POST /api/login ${JSON.stringify(DEMO_CUSTOMER)}; ` +
        `seller ${JSON.stringify(DEMO_SELLER)}; products GET /api/archive/list; ` +
        `coupon code ${DEMO_COUPON_CODE}; a quoted and an open customization request GET /api/communication/orders`,
    );
  }
}
