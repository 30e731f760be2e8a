import { EventSubscriber } from 'typeorm';
import type {
  EntityManager,
  EntitySubscriberInterface,
  QueryRunner,
  TransactionCommitEvent,
  TransactionRollbackEvent,
} from 'typeorm';

/** Callbacks waiting for their transaction, with the savepoint depth they were registered at. */
interface Pending {
  depth: number;
  run: () => void;
}

const PENDING = 'afterCommit';

function pendingOf(queryRunner: QueryRunner): Pending[] {
  const data = queryRunner.data as Record<string, Pending[] | undefined>;
  return (data[PENDING] ??= []);
}

/**
 * Runs `run` once the transaction `manager` belongs to has committed, and never if it rolls back
 * (logs and metrics of state changes must not claim what did not happen). Outside a transaction
 * it runs at once. Callbacks must not throw or do I/O that matters: they are for logging and
 * counting; a failing one is swallowed.
 */
export function afterCommit(manager: EntityManager, run: () => void): void {
  const queryRunner = manager.queryRunner;
  if (!queryRunner?.isTransactionActive) {
    safely(run);
    return;
  }
  const depth = (queryRunner as unknown as { transactionDepth: number }).transactionDepth;
  pendingOf(queryRunner).push({ depth, run });
}

function safely(run: () => void): void {
  try {
    run();
  } catch {
    // Logging or counting failed: never turn a committed change into an error.
  }
}

function depthOf(queryRunner: QueryRunner): number {
  return (queryRunner as unknown as { transactionDepth: number }).transactionDepth;
}

/**
 * Hooks afterCommit into TypeORM's transaction events. A released savepoint hands its callbacks
 * to the enclosing transaction; a rolled-back savepoint drops only its own.
 */
@EventSubscriber()
export class AfterCommitSubscriber implements EntitySubscriberInterface {
  afterTransactionCommit(event: TransactionCommitEvent): void {
    const queryRunner = event.queryRunner;
    const pending = pendingOf(queryRunner);
    const depth = depthOf(queryRunner);
    if (depth > 0) {
      for (const entry of pending) entry.depth = Math.min(entry.depth, depth);
      return;
    }
    (queryRunner.data as Record<string, Pending[]>)[PENDING] = [];
    for (const entry of pending) safely(entry.run);
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    const queryRunner = event.queryRunner;
    const depth = depthOf(queryRunner);
    (queryRunner.data as Record<string, Pending[]>)[PENDING] = pendingOf(queryRunner).filter(
      (entry) => entry.depth <= depth,
    );
  }
}
