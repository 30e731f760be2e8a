/**
 * The server's entry point. It reads the configuration and, on the embedded database, starts
 * PGlite on its own thread before anything else: that boot then runs on the other core while the
 * framework and the app's modules load (most of a start), instead of after them. Nothing here may
 * import the framework statically (test/e2e/startup.e2e-spec.ts checks it): the server and all it
 * needs come in through the `import()` below, as one bundle when there is a current one.
 */
import { ConfigError, loadConfig } from './common/config/app-config.js';
import { prestartEmbeddedPostgres } from './common/database/embedded-postgres.js';
import { serverModule } from './common/lifecycle/server-bundle.js';
import { markStartup } from './common/lifecycle/startup-marks.js';

async function main(): Promise<void> {
  markStartup('bootstrap');
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  if (!config.databaseUrl) {
    markStartup('database_starting');
    prestartEmbeddedPostgres(config.dataDir);
  }
  const server = serverModule(new URL('./', import.meta.url));
  if (server.staleBundle)
    process.stderr.write(
      'dist/src/server.bundle.mjs was made from other compiled modules than these: loading ' +
        'them unbundled (`npm run build` bundles them again)\n',
    );
  const { runServer } = (await import(server.url)) as typeof import('./server.js');
  markStartup('modules_loaded');
  await runServer(config, server.bundled);
}

void main();
