import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module.js';
import { DemoConversationSeeder } from './demo-conversation.seeder.js';
import { DemoSeedService } from './demo-seed.service.js';
import { DemoShopSeeder } from './demo-shop.seeder.js';
import { DemoStorefrontSeeder } from './demo-storefront.seeder.js';

/**
 * Demo data, made through the app's own HTTP routes in-process (DemoApi). From the users module
 * it needs only the first staff account (no route can make that one) and the start banner's
 * "do the demo logins still work" check.
 */
@Module({
  imports: [UsersModule],
  providers: [DemoSeedService, DemoShopSeeder, DemoStorefrontSeeder, DemoConversationSeeder],
})
export class DemoModule {}
