import { Module } from '@nestjs/common';
import { CatalogueModule } from '../catalogue/catalogue.module.js';
import { CommunicationModule } from '../communication/communication.module.js';
import { CouponsModule } from '../coupons/coupons.module.js';
import { SettingsModule } from '../settings/settings.module.js';
import { UsersModule } from '../users/users.module.js';
import { DemoConversationSeeder } from './demo-conversation.seeder.js';
import { DemoSeedService } from './demo-seed.service.js';
import { DemoShopSeeder } from './demo-shop.seeder.js';
import { DemoStorefrontSeeder } from './demo-storefront.seeder.js';

@Module({
  imports: [UsersModule, CatalogueModule, CouponsModule, CommunicationModule, SettingsModule],
  providers: [DemoSeedService, DemoShopSeeder, DemoStorefrontSeeder, DemoConversationSeeder],
  exports: [DemoSeedService],
})
export class DemoModule {}
