/**
 * The embedded database's own thread (started by embedded-postgres.ts): PGlite, PostgreSQL
 * compiled to WASM, behind the pglite-socket server the app's `pg` pool connects to. On its own
 * thread PGlite boots while the main thread is still loading the app's modules, and its queries
 * run beside the app's JavaScript instead of taking turns with it.
 *
 * Plain JavaScript, copied to dist as an asset: a worker thread runs a file as it is, and this one
 * must run from the sources (jest) and from dist alike.
 *
 * Posts `{ port }` once serving. A failed start ends the thread with the error (the starter's
 * `error` event). On `'stop'` it stops serving, closes the database (a clean shutdown: no
 * recovery at the next start) and ends.
 */
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { parentPort, workerData } from 'node:worker_threads';

const db = await PGlite.create(workerData.pgDir);
const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0 });
await server.start();

parentPort.once('message', async () => {
  await server.stop();
  await db.close();
  process.exit(0); // in a worker: ends this thread only
});
parentPort.postMessage({ port: server.server.address().port });
