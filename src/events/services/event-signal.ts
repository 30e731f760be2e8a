import { Injectable } from '@nestjs/common';

/**
 * "A transaction of this process that wrote events has committed": EventLogService raises it
 * after commit, the hub reads the log at once. On PostgreSQL, NOTIFY says the same (for every
 * instance); on the embedded database, which has one session and so no LISTEN connection, this is
 * how the hub learns of new rows without waiting for its safety poll.
 */
@Injectable()
export class EventSignal {
  private readonly listeners = new Set<() => void>();

  committed(): void {
    for (const listener of this.listeners) listener();
  }

  onCommit(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
