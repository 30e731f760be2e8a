import { parentPort, workerData } from 'node:worker_threads';

/** Runs in a worker thread so the load generator does not share the server's event loop. */
interface LoadJob {
  url: string;
  headers: Record<string, string>;
  requests: number;
  concurrency: number;
}

async function run(
  job: LoadJob,
): Promise<{ latencies: number[]; errors: number; seconds: number }> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  async function lane(): Promise<void> {
    while (next < job.requests) {
      next++;
      const t0 = performance.now();
      const response = await fetch(job.url, { headers: job.headers });
      const body = await response.text();
      latencies.push(performance.now() - t0);
      if (response.status !== 200 || (body.startsWith('{"code"') && !body.startsWith('{"code":0')))
        errors++;
    }
  }
  await Promise.all(Array.from({ length: job.concurrency }, lane));
  return { latencies, errors, seconds: (performance.now() - started) / 1000 };
}

void run(workerData as LoadJob).then((result) => parentPort?.postMessage(result));
