/**
 * The writer of the streams latency benchmark, in its own process (forked by bench/streams.ts):
 * it commits real events at a steady rate and notes, for each, the moment its commit returned.
 *
 * - `http`: each target customer sends a message in their own request
 *   (`POST /api/communication/message/send`, which writes `comm.message.created` in its
 *   transaction). The key is the message id. The commit happens inside the service, between the
 *   moment the request is sent and the moment its response arrives: the first gives an upper
 *   bound of the latency, the second (the commit time reported) a lower one.
 * - `record`: `EventLogService.record` in a short transaction of its own (a `comm.order.updated`
 *   of the target's request), the way every service writes; the key is the event's log id and
 *   the commit time is when COMMIT returned. For when the HTTP path cannot keep the rate.
 *
 * Ticks are scheduled at start + i / rate whatever the previous ones took, with at most
 * `maxInFlight` writes outstanding; a tick that had to wait for a free slot counts as late.
 * Receives one `WriterJob` message, answers with a `WriterResult` and exits.
 */
import 'reflect-metadata';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { EventLogService } from '../src/events/services/event-log.service.js';
import { EventSignal } from '../src/events/services/event-signal.js';

export type WriterMode = 'http' | 'record';

export interface WriterTarget {
  token: string;
  userId: number;
  commOrderId: number;
  status: number;
}

export interface WriterJob {
  mode: WriterMode;
  rate: number;
  seconds: number;
  maxInFlight: number;
  base: string;
  databaseUrl: string;
  targets: WriterTarget[];
}

/** [key (message id or log id), target index, time the write started, time its commit returned]. */
export type Commit = [number, number, number, number];

export interface WriterResult {
  commits: Commit[];
  errors: number;
  firstError?: string;
  late: number;
  seconds: number;
}

const now = () => performance.timeOrigin + performance.now();

function httpWrite(job: WriterJob): (target: WriterTarget) => Promise<number> {
  return async (target) => {
    const response = await fetch(`${job.base}/api/communication/message/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', token: target.token },
      body: JSON.stringify({
        comm_order_id: target.commOrderId,
        message_type: 'text',
        content: 'bench stream message',
      }),
    });
    const body = (await response.json()) as { code: number; msg: string; data: { id: number } };
    if (body.code !== 0) throw new Error(`message/send: ${body.code} ${body.msg}`);
    return body.data.id;
  };
}

async function recordWrite(job: WriterJob) {
  const dataSource = new DataSource({
    type: 'postgres',
    url: job.databaseUrl,
    extra: { max: job.maxInFlight },
  });
  await dataSource.initialize();
  // A signal nobody listens to: like a second instance, the service learns of these by NOTIFY.
  const events = new EventLogService(new EventSignal());
  const write = (target: WriterTarget) =>
    dataSource.transaction(async (manager) => {
      await events.record(manager, {
        type: 'comm.order.updated',
        userId: target.userId,
        commOrderId: target.commOrderId,
        status: target.status,
        actor: 'customer',
      });
      // record() returns nothing; this session's last id from the sequence is the row's id.
      const [{ id }] = await manager.query(
        `SELECT currval(pg_get_serial_sequence('domain_events', 'id')) AS id`,
      );
      return Number(id);
    });
  return { write, close: () => dataSource.destroy() };
}

async function run(job: WriterJob): Promise<WriterResult> {
  const recorder = job.mode === 'record' ? await recordWrite(job) : undefined;
  const write = recorder?.write ?? httpWrite(job);
  const result: WriterResult = { commits: [], errors: 0, late: 0, seconds: 0 };
  const inFlight = new Set<Promise<void>>();
  const total = Math.round(job.rate * job.seconds);
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const wait = started + (i * 1000) / job.rate - performance.now();
    if (wait > 0) await sleep(wait);
    if (inFlight.size >= job.maxInFlight) {
      result.late++;
      await Promise.race(inFlight);
    }
    const index = i % job.targets.length;
    const startedAt = now();
    const done: Promise<void> = write(job.targets[index])
      .then((key) => void result.commits.push([key, index, startedAt, now()]))
      .catch((error: Error) => {
        result.errors++;
        result.firstError ??= error.message;
      })
      .finally(() => inFlight.delete(done));
    inFlight.add(done);
  }
  await Promise.all(inFlight);
  result.seconds = (performance.now() - started) / 1000;
  await recorder?.close();
  return result;
}

process.once('message', (job: WriterJob) => {
  // Exit only once the (large) result has left through the IPC channel.
  void run(job).then((result) => process.send?.(result, () => process.exit(0)));
});
process.send?.({ ready: true });
// If the bench dies, so does this helper (no orphan holding sockets or a timer).
process.once('disconnect', () => process.exit(0));
