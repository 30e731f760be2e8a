import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module.js';
import type { AppConfig } from '../common/config/app-config.js';
import { JsonLogger } from '../common/logging/json-logger.js';
import { DemoSeedService } from './demo-seed.service.js';

/** Boots the app as a context without HTTP (migrations run), seeds the demo data, closes. */
export async function seedDemoData(config: AppConfig): Promise<void> {
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
    logger: new JsonLogger(config.logLevel),
  });
  try {
    await app.get(DemoSeedService).seed();
  } finally {
    await app.close();
  }
}
