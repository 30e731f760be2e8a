import 'reflect-metadata';
import { loadConfig } from './common/config/app-config.js';
import type { AppConfig } from './common/config/app-config.js';
import { JsonLogger } from './common/logging/json-logger.js';
import { createApp } from './configure-app.js';
import { DemoSeedService } from './demo/demo-seed.service.js';

/**
 * `npm run seed:demo`: builds the app without listening (migrations run), seeds the demo data
 * through its own routes in-process, closes. An entry point beside main.ts: the demo module
 * itself never imports the app.
 */
export async function seedDemoData(config: AppConfig): Promise<void> {
  const app = await createApp(config, new JsonLogger(config.logLevel));
  try {
    await app.init();
    await app.get(DemoSeedService).seed();
  } finally {
    await app.close();
  }
}

// Run as the command (node dist/src/seed-demo.js), not when a test imports seedDemoData.
if (process.argv[1]?.endsWith('seed-demo.js')) void seedDemoData(loadConfig());
