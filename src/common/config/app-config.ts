import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

/**
 * Every setting the service reads, loaded and validated once at start.
 * A bad value throws ConfigError, which main.ts prints and exits on: the server never starts half-configured.
 * Each variable is documented in README.md (Configuration).
 */
export interface AppConfig {
  nodeEnv: string;
  isProduction: boolean;
  host: string;
  port: number;
  /** PostgreSQL URL; undefined = embedded PGlite under dataDir. */
  databaseUrl: string | undefined;
  databasePoolMax: number;
  /**
   * Parameterized statements kept prepared per PostgreSQL connection (preparingClient); 0 = none
   * (a pooler in transaction mode that cannot follow them). Not used on embedded PGlite.
   */
  databasePreparedStatements: number;
  /** Longest wait for a database connection (connecting, or a free slot in a full pool). */
  databaseConnectTimeoutMs: number;
  /**
   * Streaming replicas for reads that tolerate a little lag (docs/scaling.md); empty = every
   * read on the primary.
   */
  databaseReplicaUrls: string[];
  /** A replica further behind than this is skipped (its reads go to the primary). */
  databaseReplicaMaxLagMs: number;
  /** How often each replica's replay position and lag are read. */
  databaseReplicaCheckIntervalMs: number;
  dataDir: string;
  jwtSecret: string;
  tokenTtlSeconds: number;
  /** A customer token with less than this left gets a fresh one in the `update-token` header. */
  tokenRefreshWindowSeconds: number;
  adminUserName: string | undefined;
  adminPassword: string | undefined;
  logLevel: LogLevelName;
  corsOrigins: string[] | true | false;
  bodyLimitBytes: number;
  /** Seed demo data on the first start of an empty embedded database. */
  seedDemoOnEmpty: boolean;
  /** Public base URL used to build absolute links (uploads); empty = relative links. */
  publicUrl: string;
  /** Largest accepted upload (multipart file), in bytes. */
  uploadMaxBytes: number;
  /** Trust X-Forwarded-* from a reverse proxy (client IP, protocol). */
  trustProxy: boolean;
  /** Orders (docs/orders.md): percent of (amount − commissions) credited to the seller. */
  orderSellerPercent: number;
  /** Unpaid orders close after this many minutes; 0 = never. */
  orderAutoCloseMinutes: number;
  /** Shipped orders finish this many days after delivery; 0 = only when the buyer confirms. */
  orderAutoFinishDays: number;
  /** Days after an order finished during which its buyer may still ask for a refund; 0 = never. */
  orderRefundWindowDays: number;
  /** How often the order jobs (auto-close, auto-finish) run, in seconds; 0 = disabled. */
  orderJobsIntervalSeconds: number;
  /**
   * Payment gateway settings given as environment variables (every `PAY_*` variable, e.g.
   * PAY_WECHAT_MCH_ID): they win over what staff saved (docs/payments.md).
   */
  paymentEnv: Readonly<Record<string, string>>;
  /** Unpaid gateway payments older than this are asked about at the gateway (lost notifications). */
  paymentReconcileAfterMinutes: number;
  /** GET /api/payment/check waits up to this long for an unpaid order to be paid; 0 = answer at once. */
  paymentCheckWaitSeconds: number;
  /** While waiting, the order row is re-read this often (one short query on a pooled connection). */
  paymentCheckIntervalMs: number;
  /** After SIGTERM: how long readiness answers 503 while the server still serves, before it stops accepting. */
  shutdownDrainMs: number;
  /** After the drain: how long in-flight requests may take before their connections are cut. */
  shutdownTimeoutMs: number;
  /** `json` (one object per line, for log pipelines) or `pretty` (for a console). */
  logFormat: 'json' | 'pretty';
  /** Serve Prometheus metrics at GET /metrics. */
  metricsEnabled: boolean;
  /** When set, /metrics requires `Authorization: Bearer <token>`. */
  metricsToken: string | undefined;
  /** Login throttling (docs/security.md): failed logins per account before a lockout; 0 = off. */
  loginMaxFailures: number;
  /** Failed logins/registrations per client address (any account) before a lockout; 0 = off. */
  loginMaxFailuresPerAddress: number;
  /** Failures are forgotten after this long without a new one (after any lockout ends). */
  loginFailureWindowSeconds: number;
  /** The first lockout; each further failure doubles it, up to loginLockoutMaxSeconds. */
  loginLockoutSeconds: number;
  loginLockoutMaxSeconds: number;
  /** Idempotency-Key records are kept this long (24 h by default, as Stripe does). */
  idempotencyTtlSeconds: number;
  /** A claimed key whose request never finished (crashed instance) is free again after this. */
  idempotencyLockTimeoutSeconds: number;
  /** How long a request waits for a concurrent one with the same key before "in progress". */
  idempotencyWaitMs: number;
  /**
   * How often expired login counters, idempotency keys, old events and stream tickets are
   * deleted; 0 = disabled.
   */
  cleanupIntervalSeconds: number;
  /** How often the communication jobs (quote expiry) run, in seconds; 0 = disabled. */
  commJobsIntervalSeconds: number;
  /** Events (domain_events) are kept this long, then deleted by the retention job. */
  eventsRetentionSeconds: number;
  /** Event streams (docs/events.md): the safety re-read of the log when no NOTIFY came, in ms. */
  eventsPollIntervalMs: number;
  /**
   * Whether this instance runs the durable event consumers (outbox fillers) and their delivery
   * workers (mail, webhooks) in the background. Off: an instance that serves requests only (any
   * other instance does the work; tests drive the passes with runOnce()).
   */
  eventWorkers: boolean;
  /**
   * Webhook targets (docs/notifications.md, "Outbound address rules"): allow loopback, private,
   * link-local and other non-public addresses (on-premises receivers, tests). Off: public
   * unicast only, checked when saved and at every delivery.
   */
  webhookAllowPrivate: boolean;
  /** Webhook targets may use plain `http`; off: `https` only. */
  webhookAllowHttp: boolean;
  /**
   * Mail settings given as environment variables (every `SMTP_*` variable, e.g. SMTP_SERVER,
   * SMTP_PASSWORD): they win over what staff saved at /system/api/plugin/sendmail/setting
   * (docs/notifications.md).
   */
  smtpEnv: Readonly<Record<string, string>>;
  /** Batched mails (staff replies, customer messages) collect a thread's messages this long. */
  mailBatchSeconds: number;
  /** Finished mails (sent, failed, skipped) stay in the mail log this long, then are deleted. */
  mailRetentionSeconds: number;
  /** A `: ping` comment on every stream, and the re-check of the streaming accounts, this often. */
  eventsHeartbeatSeconds: number;
  /** Lifetime of a single-use stream ticket (`?ticket=`). */
  eventsTicketTtlSeconds: number;
  /** Open streams per account on one instance (429 beyond). */
  eventsMaxStreamsPerAccount: number;
  /** Open streams on one instance (503 beyond). */
  eventsMaxStreams: number;
  /** A stream whose unsent output exceeds this many bytes is closed (the client resumes). */
  eventsStreamBufferBytes: number;
  /**
   * Attachment storage given as environment variables (STORAGE_TYPE and every `S3_*` variable,
   * e.g. S3_BUCKET): they win over what staff saved (docs/scaling.md, "Object storage").
   */
  storageEnv: Readonly<Record<string, string>>;
}

export const LOG_LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function intVar(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  if (!/^-?\d+$/.test(raw.trim()))
    throw new ConfigError(`${name} must be an integer, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) {
    throw new ConfigError(`${name} must be between ${min} and ${max}, got ${value}`);
  }
  return value;
}

function boolVar(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${env[name]}"`);
}

/** Durations accept plain seconds or a number with s/m/h/d (e.g. "7d"). */
export function parseDurationSeconds(name: string, raw: string): number {
  const match = /^(\d+)\s*([smhd]?)$/.exec(raw.trim());
  if (!match)
    throw new ConfigError(`${name} must be seconds or a duration like 30m, 12h, 7d; got "${raw}"`);
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[match[2] as '' | 's' | 'm' | 'h' | 'd'];
  const seconds = Number(match[1]) * unit;
  if (seconds <= 0) throw new ConfigError(`${name} must be positive`);
  return seconds;
}

function durationVar(env: Env, name: string, fallback: string): number {
  const raw = env[name];
  return parseDurationSeconds(name, raw === undefined || raw.trim() === '' ? fallback : raw);
}

/**
 * Without JWT_SECRET outside production, a random secret is generated once and kept in DATA_DIR,
 * so tokens survive restarts; production must set it so every instance shares one secret.
 */
function resolveJwtSecret(env: Env, isProduction: boolean, dataDir: string): string {
  const given = env.JWT_SECRET;
  if (given !== undefined && given !== '') {
    if (given.length < 32) throw new ConfigError('JWT_SECRET must be at least 32 characters');
    return given;
  }
  if (isProduction) throw new ConfigError('JWT_SECRET is required when NODE_ENV=production');
  if (dataDir === 'memory://') return randomBytes(48).toString('base64url');
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/**
 * Every non-empty `SMTP_*` variable. The port and the TLS mode are checked here, so a typo stops
 * the start instead of every mail; the other fields are checked where staff values are.
 */
function smtpEnvOf(env: Env): Readonly<Record<string, string>> {
  const smtp = Object.fromEntries(
    Object.entries(env)
      .filter(
        (entry): entry is [string, string] =>
          entry[0].startsWith('SMTP_') && entry[1] !== undefined && entry[1].trim() !== '',
      )
      .map(([name, value]) => [name, value.trim()]),
  );
  if (smtp.SMTP_PORT !== undefined) intVar(smtp, 'SMTP_PORT', 0, 1, 65535);
  if (smtp.SMTP_USE_SSL !== undefined && !['0', '1', '2'].includes(smtp.SMTP_USE_SSL))
    throw new ConfigError(
      `SMTP_USE_SSL must be 0 (none), 1 (SSL) or 2 (STARTTLS), got "${smtp.SMTP_USE_SSL}"`,
    );
  return Object.freeze(smtp);
}

/**
 * STORAGE_TYPE and every non-empty `S3_*` variable. Checked in full where the stored settings
 * are merged in (StorageSettings), so a typo stops the start with the variable's name.
 */
function storageEnvOf(env: Env): Readonly<Record<string, string>> {
  return Object.freeze(
    Object.fromEntries(
      Object.entries(env)
        .filter(
          (entry): entry is [string, string] =>
            (entry[0] === 'STORAGE_TYPE' || entry[0].startsWith('S3_')) &&
            entry[1] !== undefined &&
            entry[1].trim() !== '',
        )
        .map(([name, value]) => [name, value.trim()]),
    ),
  );
}

function replicaUrlsOf(env: Env): string[] {
  const urls = (env.DATABASE_REPLICA_URLS ?? '')
    .split(',')
    .map((url) => url.trim())
    .filter(Boolean);
  urls.forEach((url, index) => {
    if (!/^postgres(ql)?:\/\//.test(url))
      throw new ConfigError(
        `DATABASE_REPLICA_URLS: entry ${index + 1} must start with postgres:// or postgresql://`,
      );
  });
  if (urls.length && !env.DATABASE_URL?.trim())
    throw new ConfigError('DATABASE_REPLICA_URLS needs DATABASE_URL (the primary)');
  return urls;
}

export function loadConfig(env: Env = process.env): AppConfig {
  const nodeEnv = env.NODE_ENV?.trim() || 'development';
  const isProduction = nodeEnv === 'production';
  const rawDataDir = env.DATA_DIR?.trim() || './data';
  // 'memory://' keeps the embedded database in memory (tests, demos); nothing is written.
  const dataDir =
    rawDataDir === 'memory://' || isAbsolute(rawDataDir)
      ? rawDataDir
      : resolve(process.cwd(), rawDataDir);

  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://');
  }

  const logLevel = (env.LOG_LEVEL?.trim() || 'log') as LogLevelName;
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }

  const logFormat = (env.LOG_FORMAT?.trim().toLowerCase() || 'json') as 'json' | 'pretty';
  if (logFormat !== 'json' && logFormat !== 'pretty') {
    throw new ConfigError(`LOG_FORMAT must be json or pretty, got "${env.LOG_FORMAT}"`);
  }
  const metricsToken = env.METRICS_TOKEN?.trim() || undefined;
  if (metricsToken !== undefined && metricsToken.length < 16) {
    throw new ConfigError('METRICS_TOKEN must be at least 16 characters');
  }

  const adminUserName = env.ADMIN_USER_NAME?.trim() || undefined;
  const adminPassword = env.ADMIN_PASSWORD || undefined;
  if ((adminUserName === undefined) !== (adminPassword === undefined)) {
    throw new ConfigError('ADMIN_USER_NAME and ADMIN_PASSWORD must be set together');
  }
  if (adminPassword !== undefined && adminPassword.length < 6) {
    throw new ConfigError('ADMIN_PASSWORD must be at least 6 characters');
  }

  const corsRaw = env.CORS_ORIGINS?.trim();
  let corsOrigins: string[] | true | false = false;
  if (corsRaw === '*') corsOrigins = true;
  else if (corsRaw)
    corsOrigins = corsRaw
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean);

  const tokenTtlSeconds = durationVar(env, 'TOKEN_TTL', '7d');
  const tokenRefreshWindowSeconds = durationVar(env, 'TOKEN_REFRESH_WINDOW', '1h');
  if (tokenRefreshWindowSeconds >= tokenTtlSeconds) {
    throw new ConfigError('TOKEN_REFRESH_WINDOW must be shorter than TOKEN_TTL');
  }

  const eventsTicketTtlSeconds = durationVar(env, 'EVENTS_TICKET_TTL', '60s');
  if (eventsTicketTtlSeconds > 3600) {
    throw new ConfigError(
      'EVENTS_TICKET_TTL must be at most 1h (a ticket is for opening a stream now)',
    );
  }

  const loginLockoutSeconds = durationVar(env, 'LOGIN_LOCKOUT', '1m');
  const loginLockoutMaxSeconds = durationVar(env, 'LOGIN_LOCKOUT_MAX', '1h');
  if (loginLockoutMaxSeconds < loginLockoutSeconds) {
    throw new ConfigError('LOGIN_LOCKOUT_MAX must not be shorter than LOGIN_LOCKOUT');
  }

  return Object.freeze({
    nodeEnv,
    isProduction,
    host: env.HOST?.trim() || '0.0.0.0',
    port: intVar(env, 'PORT', 8001, 0, 65535),
    databaseUrl,
    // At least 2: start-up holds the migration lock on one connection while migrating on another.
    databasePoolMax: intVar(env, 'DATABASE_POOL_MAX', 10, 2, 200),
    databasePreparedStatements: intVar(env, 'DATABASE_PREPARED_STATEMENTS', 500, 0, 10_000),
    databaseConnectTimeoutMs: intVar(env, 'DATABASE_CONNECT_TIMEOUT_MS', 5000, 100, 60_000),
    databaseReplicaUrls: replicaUrlsOf(env),
    databaseReplicaMaxLagMs: intVar(env, 'DATABASE_REPLICA_MAX_LAG_MS', 5000, 0, 86_400_000),
    databaseReplicaCheckIntervalMs: intVar(
      env,
      'DATABASE_REPLICA_CHECK_INTERVAL_MS',
      1000,
      50,
      60_000,
    ),
    dataDir,
    jwtSecret: resolveJwtSecret(env, isProduction, dataDir),
    tokenTtlSeconds,
    tokenRefreshWindowSeconds,
    adminUserName,
    adminPassword,
    logLevel,
    corsOrigins,
    bodyLimitBytes: intVar(env, 'BODY_LIMIT_BYTES', 1024 * 1024, 1024, 100 * 1024 * 1024),
    seedDemoOnEmpty: boolVar(env, 'SEED_DEMO', !isProduction),
    publicUrl: (env.PUBLIC_URL?.trim() ?? '').replace(/\/+$/, ''),
    uploadMaxBytes: intVar(env, 'UPLOAD_MAX_BYTES', 5 * 1024 * 1024, 1024, 100 * 1024 * 1024),
    trustProxy: boolVar(env, 'TRUST_PROXY', false),
    orderSellerPercent: intVar(env, 'ORDER_SELLER_PERCENT', 80, 0, 100),
    orderAutoCloseMinutes: intVar(env, 'ORDER_AUTO_CLOSE_MINUTES', 30, 0, 525_600),
    orderAutoFinishDays: intVar(env, 'ORDER_AUTO_FINISH_DAYS', 10, 0, 3650),
    orderRefundWindowDays: intVar(env, 'ORDER_REFUND_WINDOW_DAYS', 7, 0, 3650),
    orderJobsIntervalSeconds: intVar(env, 'ORDER_JOBS_INTERVAL_SECONDS', 60, 0, 86_400),
    paymentEnv: Object.freeze(
      Object.fromEntries(
        Object.entries(env).filter(
          (entry): entry is [string, string] =>
            entry[0].startsWith('PAY_') && entry[1] !== undefined && entry[1].trim() !== '',
        ),
      ),
    ),
    paymentReconcileAfterMinutes: intVar(env, 'PAYMENT_RECONCILE_AFTER_MINUTES', 5, 1, 1440),
    paymentCheckWaitSeconds: intVar(env, 'PAYMENT_CHECK_WAIT_SECONDS', 20, 0, 120),
    paymentCheckIntervalMs: intVar(env, 'PAYMENT_CHECK_INTERVAL_MS', 1000, 50, 10_000),
    shutdownDrainMs: intVar(env, 'SHUTDOWN_DRAIN_MS', 5000, 0, 600_000),
    shutdownTimeoutMs: intVar(env, 'SHUTDOWN_TIMEOUT_MS', 30_000, 0, 600_000),
    logFormat,
    // A token implies the wish to serve metrics.
    metricsEnabled: boolVar(env, 'METRICS_ENABLED', metricsToken !== undefined),
    metricsToken,
    loginMaxFailures: intVar(env, 'LOGIN_MAX_FAILURES', 5, 0, 1000),
    loginMaxFailuresPerAddress: intVar(env, 'LOGIN_MAX_FAILURES_PER_ADDRESS', 20, 0, 100_000),
    loginFailureWindowSeconds: durationVar(env, 'LOGIN_FAILURE_WINDOW', '15m'),
    loginLockoutSeconds,
    loginLockoutMaxSeconds,
    idempotencyTtlSeconds: durationVar(env, 'IDEMPOTENCY_TTL', '24h'),
    idempotencyLockTimeoutSeconds: durationVar(env, 'IDEMPOTENCY_LOCK_TIMEOUT', '1m'),
    idempotencyWaitMs: intVar(env, 'IDEMPOTENCY_WAIT_MS', 5000, 0, 60_000),
    cleanupIntervalSeconds: intVar(env, 'CLEANUP_INTERVAL_SECONDS', 600, 0, 86_400),
    commJobsIntervalSeconds: intVar(env, 'COMM_JOBS_INTERVAL_SECONDS', 60, 0, 86_400),
    eventsRetentionSeconds: durationVar(env, 'EVENTS_RETENTION', '7d'),
    eventsPollIntervalMs: intVar(env, 'EVENTS_POLL_INTERVAL_MS', 5000, 100, 600_000),
    eventWorkers: boolVar(env, 'EVENT_WORKERS', true),
    webhookAllowPrivate: boolVar(env, 'WEBHOOK_ALLOW_PRIVATE', false),
    webhookAllowHttp: boolVar(env, 'WEBHOOK_ALLOW_HTTP', false),
    smtpEnv: smtpEnvOf(env),
    mailBatchSeconds: intVar(env, 'MAIL_BATCH_SECONDS', 300, 1, 86_400),
    mailRetentionSeconds: durationVar(env, 'MAIL_RETENTION', '30d'),
    eventsHeartbeatSeconds: intVar(env, 'EVENTS_HEARTBEAT_SECONDS', 20, 1, 300),
    eventsTicketTtlSeconds,
    eventsMaxStreamsPerAccount: intVar(env, 'EVENTS_MAX_STREAMS_PER_ACCOUNT', 10, 1, 10_000),
    eventsMaxStreams: intVar(env, 'EVENTS_MAX_STREAMS', 5000, 1, 1_000_000),
    eventsStreamBufferBytes: intVar(
      env,
      'EVENTS_STREAM_BUFFER_BYTES',
      256 * 1024,
      1024,
      64 * 1024 * 1024,
    ),
    storageEnv: storageEnvOf(env),
  });
}

/** Injection token for AppConfig (an interface has no runtime token of its own). */
export const APP_CONFIG = Symbol('APP_CONFIG');
