import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig } from './common/config/app-config.js';
import { openConnections } from './common/http/graceful-close.js';
import { LifecycleState } from './common/lifecycle/lifecycle-state.js';
import { markStartup, startupMarks } from './common/lifecycle/startup-marks.js';
import { createApp } from './configure-app.js';
import { DemoSeedService } from './demo/demo-seed.service.js';

/** The server behind main.ts, which loads this module once the embedded database is starting. */
export async function runServer(config: AppConfig, bundled: boolean): Promise<void> {
  const logger = new Logger('Main');
  // Handlers go in first: a signal during start-up (migrations) stops the server once it is up,
  // instead of killing it halfway.
  let resolveApp: (app: NestFastifyApplication) => void = () => undefined;
  shutDownOnSignals(new Promise((resolve) => (resolveApp = resolve)), config, logger);
  const app = await createApp(config);
  markStartup('app_created');
  await app.listen({ port: config.port, host: config.host });
  markStartup('listening');
  resolveApp(app);
  const { port } = app.getHttpServer().address() as { port: number };
  const where = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
  logger.log(`listening on ${where}`);
  logger.log({ msg: 'startup', bundled, ...startupMarks() });
  await printBanner(app, config, where);
}

/** A plain block at the end of every start: where to go, and the demo logins while they work. */
async function printBanner(
  app: NestFastifyApplication,
  config: AppConfig,
  where: string,
): Promise<void> {
  const demoLogins = await app.get(DemoSeedService).demoLoginsInUse();
  const lines = [
    '',
    `  Custom-order backend is ready: ${where}`,
    `  Swagger UI:   ${where}/docs`,
    `  Staff inbox:  ${where}/staff/ (sign in with a staff account of the owner or service role)`,
    `  Database:     ${config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.dataDir}`}`,
    ...(demoLogins.length
      ? [
          '  Demo logins (change these passwords before real use):',
          ...demoLogins.map((l) => `    ${l}`),
        ]
      : []),
    `  Stop with Ctrl-C or SIGTERM (drains for ${config.shutdownDrainMs} ms first).`,
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

/**
 * SIGTERM/SIGINT: readiness turns 503 at once, the server keeps serving for SHUTDOWN_DRAIN_MS
 * (time for load balancers to notice and stop sending), then stops accepting, lets in-flight
 * requests finish, closes the pool and stops the embedded database. A second signal skips the
 * rest of the drain; a third exits at once.
 */
function shutDownOnSignals(
  started: Promise<NestFastifyApplication>,
  config: AppConfig,
  logger: Logger,
): void {
  let signals = 0;
  let skipDrain: () => void = () => undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals === 2) {
      logger.log(`${signal} again: skipping the rest of the drain`);
      skipDrain();
      return;
    }
    if (signals > 2) {
      logger.warn(`${signal} a third time: exiting without finishing`);
      process.exit(1);
    }
    void shutDown(signal);
  };
  const shutDown = async (signal: NodeJS.Signals) => {
    logger.log(`${signal}: shutting down`);
    const app = await started;
    app.get(LifecycleState).draining = true;
    logger.log(
      `draining: /health/ready answers 503; still serving for ${config.shutdownDrainMs} ms`,
    );
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, config.shutdownDrainMs);
      skipDrain = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    const fastify = app.getHttpAdapter().getInstance();
    logger.log(
      `closing: no new connections; finishing the requests on ${await openConnections(fastify)} open connection(s)`,
    );
    try {
      await app.close();
      logger.log('closed');
      process.exit(0);
    } catch (error) {
      logger.error(error instanceof Error ? error : String(error));
      process.exit(1);
    }
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
