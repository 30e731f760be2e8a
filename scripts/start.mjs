#!/usr/bin/env node
/**
 * `npm start`: builds only when the sources changed since the last build (compiles, then bundles:
 * scripts/bundle.mjs), then runs the server in this same process, so SIGTERM/SIGINT sent to
 * `npm start` (npm forwards them) or to this process reach the server's own graceful shutdown.
 * `--build-only` stops after the build step.
 *
 * A build is stale when dist/src/main.js is missing or any input (src, migrations, ormconfig.ts,
 * tsconfig*.json, package-lock.json, nest-cli.json, the bundler) is newer than the stamp written
 * after the last good build; a current build whose bundle is not (a `nest build` since) is only
 * bundled again. One build runs at a time; starts that find one running wait for it.
 */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'dist/src/main.js');
const stamp = join(root, 'dist/.build-stamp');
const INPUTS = [
  'src',
  'migrations',
  'ormconfig.ts',
  'tsconfig.json',
  'tsconfig.build.json',
  'package-lock.json',
  'nest-cli.json',
  'scripts/bundle.mjs',
];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted file changes its directory's mtime
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

function buildIsStale() {
  if (!existsSync(entry) || !existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  return INPUTS.some((input) => newestMtime(join(root, input)) > built);
}

/**
 * npm exits on SIGTERM without passing it on, leaving this process running with no parent. When
 * run by npm, losing the parent is taken as the SIGTERM it did not forward: the server drains and
 * stops as it would have.
 */
function followParent() {
  if (!process.env.npm_lifecycle_event) return;
  const parent = process.ppid;
  const watch = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(watch);
    process.kill(process.pid, 'SIGTERM');
  }, 200);
  watch.unref();
}

const say = (line) => process.stdout.write(`${line}\n`);

/** Whether dist/src/server.bundle.mjs was made from the compiled modules as they are now. */
async function bundleIsCurrent() {
  const { serverModule } = await import(
    pathToFileURL(join(root, 'dist/src/common/lifecycle/server-bundle.js')).href
  );
  return serverModule(pathToFileURL(join(root, 'dist/src/'))).bundled;
}

function processIsAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * A lock whose holder is gone: its process ended without removing it (killed mid-build, or a
 * failed build's exit). Without a pid yet (just taken), only after a minute.
 */
function lockIsStale(lock) {
  let holder = 0;
  try {
    holder = Number(readFileSync(join(lock, 'pid'), 'utf8'));
  } catch {
    // Not written yet, or the lock is already gone (the next try takes it).
  }
  if (holder) return !processIsAlive(holder);
  const taken = statSync(lock, { throwIfNoEntry: false })?.mtimeMs;
  return taken !== undefined && Date.now() - taken > 60_000;
}

/**
 * One build at a time (two starts at once, test files that each build first): the others wait,
 * then find the build current.
 */
async function underBuildLock(step) {
  const lock = join(root, 'dist/.build-lock');
  mkdirSync(join(root, 'dist'), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      if (lockIsStale(lock)) rmSync(lock, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    return await step();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

async function build() {
  say('building (sources changed since the last build; takes a while on the first start)...');
  const started = Date.now();
  const startedAt = new Date();
  const result = spawnSync(
    process.execPath,
    [join(root, 'node_modules/@nestjs/cli/bin/nest.js'), 'build'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (result.status !== 0) {
    say('build failed: see the errors above');
    process.exit(result.status ?? 1);
  }
  await bundle();
  // Stamped with the time the build started: an edit made during the build triggers the next one.
  writeFileSync(stamp, `${startedAt.toISOString()}\n`);
  utimesSync(stamp, startedAt, startedAt);
  say(`built in ${Math.round((Date.now() - started) / 1000)} s`);
}

async function bundle() {
  const { bundleServer } = await import('./bundle.mjs');
  await bundleServer();
}

if (buildIsStale() || !(await bundleIsCurrent())) {
  await underBuildLock(async () => {
    if (buildIsStale()) await build();
    else if (!(await bundleIsCurrent())) {
      say('bundling (the compiled modules changed since the last bundle)...');
      await bundle();
    } else say('build is up to date (built meanwhile by another start)');
  });
} else {
  say('build is up to date');
}

if (!process.argv.includes('--build-only')) {
  // A console gets readable lines; a pipe or a log collector gets JSON (LOG_FORMAT overrides).
  if (!process.env.LOG_FORMAT && process.stdout.isTTY) process.env.LOG_FORMAT = 'pretty';
  say('starting the server...');
  followParent();
  await import(pathToFileURL(entry).href);
}
