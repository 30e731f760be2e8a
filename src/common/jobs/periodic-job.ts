import { BeforeApplicationShutdown, Logger, OnApplicationBootstrap } from '@nestjs/common';

/**
 * A provider that runs `runOnce()` every `intervalSeconds` on this instance, never two passes at
 * once here; shutdown waits for a pass in flight (shutdown hooks run before the pool closes).
 * The work itself must be safe when several instances run it at the same moment (a plain
 * `DELETE ... WHERE`, or claims with `FOR UPDATE SKIP LOCKED`): this only paces one process.
 */
export abstract class PeriodicJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  protected readonly logger: Logger;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  /** `intervalSeconds` 0 = never (tests call runOnce directly). */
  constructor(
    name: string,
    private readonly intervalSeconds: number,
  ) {
    this.logger = new Logger(name);
  }

  /** One pass (tests call this directly). */
  abstract runOnce(): Promise<unknown>;

  onApplicationBootstrap(): void {
    if (this.intervalSeconds <= 0) return;
    this.timer = setInterval(() => this.tick(), this.intervalSeconds * 1000);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  private tick(): void {
    if (this.running) return; // the previous pass is still going on this instance
    this.running = this.runOnce()
      .catch((error: unknown) => this.logger.error(error instanceof Error ? error : String(error)))
      .finally(() => (this.running = undefined));
  }
}
