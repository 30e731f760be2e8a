import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { TEST_JWT_SECRET } from './test-app.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Builds dist/ when the sources changed since the last build (what `npm start` does first). */
export function buildIfStale(): void {
  const result = spawnSync(process.execPath, [join(ROOT, 'scripts/start.mjs'), '--build-only'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`build failed:\n${result.stdout}\n${result.stderr}`);
}

export interface ServerProcess {
  child: ChildProcess;
  baseUrl: string;
  /** Everything the server wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code once the process (and anything holding its stdout) is gone. */
  exited: Promise<number | null>;
}

/**
 * The built server (`node dist/src/main.js`, the production command) on PostgreSQL at
 * `databaseUrl`, with `admin` as its seeded staff owner, jobs off and a drain of `drainMs`;
 * `env` adds or overrides variables.
 */
export function startBuiltServer(
  databaseUrl: string,
  admin: { user_name: string; password: string },
  drainMs: number,
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  return startServerProcess(['dist/src/main.js'], {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: databaseUrl,
    JWT_SECRET: TEST_JWT_SECRET,
    ADMIN_USER_NAME: admin.user_name,
    ADMIN_PASSWORD: admin.password,
    SEED_DEMO: 'false',
    ORDER_JOBS_INTERVAL_SECONDS: '0',
    LOG_LEVEL: 'log',
    SHUTDOWN_DRAIN_MS: String(drainMs),
    ...env,
  });
}

/** Starts `command` (the built server) and resolves once it logs where it listens. */
export async function startServerProcess(
  args: string[],
  env: Record<string, string>,
  command = process.execPath,
): Promise<ServerProcess> {
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  // 'close' comes after the exit and after stdout closes, i.e. when the last process writing to
  // it is gone too (npm's child outlives npm).
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code) => resolve(code)),
  );
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 120_000);
    const check = () => {
      const match = /listening on (http:\/\/[\w.:]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        child.stdout.off('data', check);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', check);
    void exited.then(() => reject(new Error(`server exited during start:\n${output}`)));
  });
  return { child, baseUrl, output: () => output, exited };
}

export type Outcome =
  | { kind: 'envelope'; status: number; code: number; error?: string }
  | { kind: 'refused' }
  /**
   * Reset before any byte of an answer: the kernel had completed the handshake for a listener
   * that closed before the process took the connection. The server's `unanswered` count says
   * whether it cut any connection it did take.
   */
  | { kind: 'reset' }
  | { kind: 'broken'; detail: string };

/**
 * One request on a connection of its own (no keep-alive reuse), classified: an envelope came back,
 * the connection was refused (nothing was accepted), or anything else (reset, cut, not an envelope).
 */
export function requestOnce(
  baseUrl: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<Outcome> {
  return new Promise((resolve) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    /** The answer's head arrived (a reset after it is a cut answer, not a refusal). */
    let answering = false;
    const req = request(
      `${baseUrl}${path}`,
      {
        method,
        agent: false,
        headers: {
          ...headers,
          ...(payload ? { 'content-type': 'application/json' } : {}),
        },
      },
      (res) => {
        answering = true;
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => {
          try {
            const parsed = JSON.parse(text) as { code: number; error?: string };
            if (typeof parsed.code !== 'number') throw new Error('no code');
            resolve({
              kind: 'envelope',
              status: res.statusCode ?? 0,
              code: parsed.code,
              error: parsed.error,
            });
          } catch {
            resolve({ kind: 'broken', detail: `${res.statusCode} ${text.slice(0, 200)}` });
          }
        });
        res.on('error', (error) => resolve({ kind: 'broken', detail: String(error) }));
      },
    );
    // Refused: the connection failed while connecting, so not a byte of the request left the
    // client (ECONNREFUSED; or ECONNRESET from `connect`, a connection the kernel had queued
    // for a listener that closed before taking it). Safe to retry anywhere, even a POST.
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED' || error.syscall === 'connect')
        resolve({ kind: 'refused' });
      else if (error.code === 'ECONNRESET' && !answering) resolve({ kind: 'reset' });
      else
        resolve({
          kind: 'broken',
          detail: `${error.code ?? ''} ${error.syscall ?? ''} ${error.message}`,
        });
    });
    req.end(payload);
  });
}
