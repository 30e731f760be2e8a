import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { currentRequestId, requestContext } from '../logging/request-context.js';
import { BackgroundPasses } from './background-passes.js';

/** A pass the test ends by hand, counting how many started. */
function gatedPasses() {
  const gates: (() => void)[] = [];
  let started = 0;
  const passes = new BackgroundPasses(new Logger('test'), 'test pass', () => {
    started += 1;
    return new Promise<void>((resolve) => gates.push(resolve));
  });
  return { passes, gates, started: () => started };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('BackgroundPasses', () => {
  it('does nothing before start (an instance without EVENT_WORKERS)', async () => {
    const { passes, started } = gatedPasses();
    passes.wake();
    await tick();
    expect(started()).toBe(0);
  });

  it('runs one pass at a time, and one more after it for any wakes during it', async () => {
    const { passes, gates, started } = gatedPasses();
    passes.start(60_000);
    passes.wake();
    passes.wake();
    await tick();
    expect(started()).toBe(1);
    gates[0]();
    await tick();
    await tick();
    expect(started()).toBe(2);
    gates[1]();
    await passes.settled();
    await tick();
    expect(started()).toBe(2);
    await passes.stop();
  });

  it('waits for the pass in flight on stop, and takes no wake after', async () => {
    const { passes, gates, started } = gatedPasses();
    passes.start(60_000);
    await tick();
    let stopped = false;
    const stopping = passes.stop().then(() => (stopped = true));
    expect(passes.stopped).toBe(true);
    await tick();
    expect(stopped).toBe(false);
    gates[0]();
    await stopping;
    passes.wake();
    await tick();
    expect(started()).toBe(1);
  });

  it('runs a pass woken by a request outside that request (its logs and statements are not the request’s)', async () => {
    const seen: (string | undefined)[] = [];
    const gates: (() => void)[] = [];
    const passes = new BackgroundPasses(new Logger('test'), 'test pass', () => {
      seen.push(currentRequestId());
      return new Promise<void>((resolve) => gates.push(resolve));
    });
    passes.start(60_000); // the first pass, from start-up
    await tick();
    await requestContext.run({ requestId: 'req-1' }, async () => {
      passes.wake(); // during the first pass: asks for one more after it
      gates[0]();
      await tick();
      await tick();
      expect(currentRequestId()).toBe('req-1');
    });
    gates[1]();
    await passes.settled();
    await tick();
    await requestContext.run({ requestId: 'req-2' }, async () => {
      passes.wake(); // while idle: a pass at once
      await tick();
    });
    gates[2]();
    await passes.stop();
    expect(seen).toEqual([undefined, undefined, undefined]);
  });

  it('keeps going after a failed pass', async () => {
    let calls = 0;
    const passes = new BackgroundPasses(new Logger('test'), 'test pass', () => {
      calls += 1;
      return calls === 1 ? Promise.reject(new Error('database gone')) : Promise.resolve();
    });
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    passes.start(60_000);
    await passes.settled();
    await tick();
    passes.wake();
    await passes.settled();
    expect(calls).toBe(2);
    expect(warn).toHaveBeenCalledWith({ msg: 'test pass failed', error: 'Error: database gone' });
    warn.mockRestore();
    await passes.stop();
  });
});
