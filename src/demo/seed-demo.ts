import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module.js';
import { loadConfig } from '../common/config/app-config.js';
import { JsonLogger } from '../common/logging/json-logger.js';
import { DemoSeedService } from './demo-seed.service.js';

/** `npm run seed:demo`: boots the app context (runs migrations), seeds, exits. */
async function main(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
    logger: new JsonLogger(config.logLevel),
  });
  await app.get(DemoSeedService).seed();
  await app.close();
}

void main();
