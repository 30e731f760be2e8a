import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Failed-login counter of one account name or one client address (docs/security.md). Counted
 * with one atomic upsert per attempt, so parallel attempts on several instances share it.
 * Whether a key is locked is derived (failures ≥ max_failures and the last counted attempt
 * less than the lockout ago), so a counter never needs a second write to lock or unlock.
 */
@Entity('login_attempts')
@Check('chk_login_attempts_failures', '"failures" >= 0 AND "max_failures" > 0')
@Index('idx_login_attempts_last_attempt', ['lastAttemptAt'])
export class LoginAttempt {
  /** `address:<ip>`, or `<realm>:<login name, lower case>` (realm customer, staff). */
  @PrimaryColumn({ type: 'varchar', length: 300 })
  throttleKey: string;

  /** Attempts counted since the last success or since the counter went stale. */
  @Column({ type: 'int' })
  failures: number;

  /** The threshold that applied at the last attempt (settings may change between deploys). */
  @Column({ type: 'int' })
  maxFailures: number;

  @Column({ type: 'timestamptz' })
  lastAttemptAt: Date;

  /** Whether the latest attempt was refused (read back by the upsert's RETURNING). */
  @Column({ type: 'boolean', default: false })
  refused: boolean;
}
