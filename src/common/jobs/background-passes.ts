import { Logger } from '@nestjs/common';
import { outsideRequest } from '../logging/request-context.js';

/**
 * The background half of a worker that is woken (after a commit, by the event hub) and also
 * runs on a timer (what no wake announced: retries, batches coming due, other instances' rows):
 * passes run one at a time on this instance, a wake during a pass asks for one more after it,
 * a failed pass is logged and the next wake tries again, and shutdown waits for the pass in
 * flight. Only started on instances with EVENT_WORKERS; before `start` a wake does nothing.
 * The pass itself must be safe beside other instances' (claims with SKIP LOCKED, advisory locks).
 */
export class BackgroundPasses {
  private running: Promise<void> | undefined;
  private again = false;
  private started = false;
  private stopping = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly logger: Logger,
    /** Named in the log line of a failed pass, e.g. "mail pass". */
    private readonly what: string,
    private readonly pass: () => Promise<unknown>,
  ) {}

  /** Starts waking every `intervalMs` and runs a first pass now. */
  start(intervalMs: number): void {
    this.started = true;
    this.timer = setInterval(() => this.wake(), intervalMs);
    this.timer.unref();
    this.wake();
  }

  /** A pass now, or once more after the one in flight. */
  wake(): void {
    if (!this.started || this.stopping) return;
    if (this.running) {
      this.again = true;
      return;
    }
    // A wake from a request's commit must not make the pass part of that request.
    this.running = outsideRequest(() => this.pass())
      .then(() => undefined)
      .catch((error: unknown) =>
        this.logger.warn({ msg: `${this.what} failed`, error: String(error) }),
      )
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  /** True once shutdown began: a long pass stops between batches. */
  get stopped(): boolean {
    return this.stopping;
  }

  /** Resolves when the pass in flight on this instance (if any) has ended. */
  async settled(): Promise<void> {
    await this.running;
  }

  /** No more passes; waits for the one in flight. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await this.running;
  }
}
