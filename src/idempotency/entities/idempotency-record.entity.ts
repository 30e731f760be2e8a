import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type IdempotencyState = 'running' | 'done';

/**
 * One `Idempotency-Key` of one caller (docs/security.md): claimed before the handler runs
 * (`running`, until `locked_until`), then holding the answer to replay (`done`) for
 * IDEMPOTENCY_TTL. A failed execution deletes its row, so the key is free again.
 */
@Entity('idempotency_keys')
@Check('chk_idempotency_keys_state', `"state" IN ('running', 'done')`)
@Check('chk_idempotency_keys_done_has_response', `("state" = 'done') = ("response" IS NOT NULL)`)
@Index('idx_idempotency_keys_created_at', ['createdAt'])
export class IdempotencyRecord {
  /** Whose key: `customer:<id>` or `admin:<id>`. Another caller's equal key is another row. */
  @PrimaryColumn({ type: 'varchar', length: 40 })
  scope: string;

  @PrimaryColumn({ type: 'varchar', length: 255 })
  idempotencyKey: string;

  /** sha256 of method, path and canonical JSON body: a different request with the key is refused. */
  @Column({ type: 'char', length: 64 })
  fingerprint: string;

  /** `POST /api/order/create`, for people reading the table. */
  @Column({ type: 'varchar', length: 300 })
  request: string;

  @Column({ type: 'varchar', length: 8 })
  state: IdempotencyState;

  /** Random id of the execution holding the claim: only it may complete or release the row. */
  @Column({ type: 'char', length: 32 })
  claimId: string;

  /** The envelope sent, as JSON text (kept byte for byte: jsonb would reorder its keys). */
  @Column({ type: 'text', nullable: true })
  response: string | null;

  /** A `running` row older than this belongs to a crashed execution and may be claimed again. */
  @Column({ type: 'timestamptz' })
  lockedUntil: Date;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt: Date | null;
}
