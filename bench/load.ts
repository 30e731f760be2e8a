import { parentPort, workerData } from 'node:worker_threads';

/**
 * Runs in a worker thread so the load generator does not share the server's event loop. Sends
 * `requests` requests (or keeps going for `seconds`), `concurrency` at a time, taking the targets
 * in turn (one target = one route; several = a mixed load such as the soak).
 */
export interface LoadTarget {
  url: string;
  method?: 'GET' | 'POST';
  headers: Record<string, string>;
  /** JSON body of a POST. */
  body?: unknown;
}

export interface LoadJob {
  targets: LoadTarget[];
  requests?: number;
  seconds?: number;
  concurrency: number;
}

async function run(
  job: LoadJob,
): Promise<{ latencies: number[]; errors: number; seconds: number; firstError?: string }> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let next = 0;
  const started = performance.now();
  const deadline = job.seconds ? started + job.seconds * 1000 : Infinity;
  const more = () =>
    job.requests !== undefined ? next < job.requests : performance.now() < deadline;
  async function lane(): Promise<void> {
    while (more()) {
      const target = job.targets[next % job.targets.length];
      next++;
      const t0 = performance.now();
      const response = await fetch(target.url, {
        method: target.method ?? 'GET',
        headers:
          target.body === undefined
            ? target.headers
            : { 'content-type': 'application/json', ...target.headers },
        body: target.body === undefined ? undefined : JSON.stringify(target.body),
      });
      const body = await response.text();
      latencies.push(performance.now() - t0);
      if (
        response.status !== 200 ||
        (body.startsWith('{"code"') && !body.startsWith('{"code":0'))
      ) {
        errors++;
        firstError ??= body.slice(0, 200);
      }
    }
  }
  await Promise.all(Array.from({ length: job.concurrency }, lane));
  return { latencies, errors, seconds: (performance.now() - started) / 1000, firstError };
}

void run(workerData as LoadJob).then((result) => parentPort?.postMessage(result));
