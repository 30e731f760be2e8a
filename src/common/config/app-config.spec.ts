import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, parseDurationSeconds } from './app-config.js';

describe('loadConfig', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'config-spec-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const base = { DATA_DIR: dataDir };

  it('takes read replicas only next to a primary, each a postgres URL', () => {
    const primary = { ...base, DATABASE_URL: 'postgres://db/shop' };
    expect(loadConfig(primary)).toMatchObject({
      databaseReplicaUrls: [],
      databaseReplicaMaxLagMs: 5000,
      databaseReplicaCheckIntervalMs: 1000,
    });
    expect(
      loadConfig({
        ...primary,
        DATABASE_REPLICA_URLS: ' postgres://r1/shop, postgresql://r2/shop ',
      }).databaseReplicaUrls,
    ).toEqual(['postgres://r1/shop', 'postgresql://r2/shop']);
    expect(() =>
      loadConfig({ ...primary, DATABASE_REPLICA_URLS: 'postgres://r1/shop,mysql://x' }),
    ).toThrow('DATABASE_REPLICA_URLS: entry 2 must start with postgres:// or postgresql://');
    expect(() => loadConfig({ ...base, DATABASE_REPLICA_URLS: 'postgres://r1/shop' })).toThrow(
      'DATABASE_REPLICA_URLS needs DATABASE_URL (the primary)',
    );
  });

  it('collects STORAGE_TYPE and the S3_* variables (checked where storage starts)', () => {
    const config = loadConfig({ ...base, STORAGE_TYPE: ' s3 ', S3_BUCKET: 'shop', S3_REGION: '' });
    expect(config.storageEnv).toEqual({ STORAGE_TYPE: 's3', S3_BUCKET: 'shop' });
  });

  it('has working defaults: port 8001, embedded database, 7-day tokens', () => {
    const config = loadConfig(base);
    expect(config).toMatchObject({
      port: 8001,
      databaseUrl: undefined,
      tokenTtlSeconds: 7 * 86400,
      tokenRefreshWindowSeconds: 3600,
      logLevel: 'log',
      corsOrigins: false,
    });
  });

  it('generates a JWT secret once and keeps it in DATA_DIR', () => {
    const first = loadConfig(base).jwtSecret;
    expect(readFileSync(join(dataDir, 'jwt-secret'), 'utf8')).toBe(first);
    expect(loadConfig(base).jwtSecret).toBe(first);
  });

  it('requires JWT_SECRET in production', () => {
    expect(() => loadConfig({ ...base, NODE_ENV: 'production' })).toThrow(/JWT_SECRET is required/);
    expect(
      loadConfig({ ...base, NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) }).isProduction,
    ).toBe(true);
  });

  it.each([
    [{ PORT: 'abc' }, /PORT must be an integer/],
    [{ PORT: '70000' }, /PORT must be between/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL must start with postgres/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of/],
    [{ ADMIN_USER_NAME: 'root' }, /must be set together/],
    [{ ADMIN_USER_NAME: 'root', ADMIN_PASSWORD: '123' }, /at least 6/],
    [{ TOKEN_TTL: '1h', TOKEN_REFRESH_WINDOW: '2h' }, /shorter than TOKEN_TTL/],
    [{ JWT_SECRET: 'short' }, /at least 32/],
    [{ SEED_DEMO: 'maybe' }, /SEED_DEMO must be true or false/],
    [{ LOGIN_LOCKOUT: '2h', LOGIN_LOCKOUT_MAX: '1h' }, /LOGIN_LOCKOUT_MAX must not be shorter/],
    [{ LOGIN_MAX_FAILURES: '-1' }, /LOGIN_MAX_FAILURES must be between/],
    [{ IDEMPOTENCY_TTL: '0' }, /IDEMPOTENCY_TTL must be positive/],
    [{ EVENTS_TICKET_TTL: '2h' }, /EVENTS_TICKET_TTL must be at most 1h/],
    [{ EVENTS_HEARTBEAT_SECONDS: '0' }, /EVENTS_HEARTBEAT_SECONDS must be between/],
    [{ EVENTS_MAX_STREAMS: 'many' }, /EVENTS_MAX_STREAMS must be an integer/],
    [{ EVENTS_STREAM_BUFFER_BYTES: '10' }, /EVENTS_STREAM_BUFFER_BYTES must be between/],
    [{ EVENTS_POLL_INTERVAL_MS: '5' }, /EVENTS_POLL_INTERVAL_MS must be between/],
  ])('refuses %j with a clear message', (env, message) => {
    expect(() => loadConfig({ ...base, ...env })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, ...env })).toThrow(message);
  });

  it('throttles logins and keeps idempotency keys 24 h by default', () => {
    expect(loadConfig(base)).toMatchObject({
      loginMaxFailures: 5,
      loginMaxFailuresPerAddress: 20,
      loginLockoutSeconds: 60,
      loginLockoutMaxSeconds: 3600,
      loginFailureWindowSeconds: 900,
      idempotencyTtlSeconds: 86400,
      idempotencyLockTimeoutSeconds: 60,
      idempotencyWaitMs: 5000,
      cleanupIntervalSeconds: 600,
    });
  });

  it('keeps events 7 days and expires quotes every minute by default; both configurable', () => {
    expect(loadConfig(base)).toMatchObject({
      eventsRetentionSeconds: 7 * 86400,
      commJobsIntervalSeconds: 60,
    });
    expect(
      loadConfig({ ...base, EVENTS_RETENTION: '36h', COMM_JOBS_INTERVAL_SECONDS: '0' }),
    ).toMatchObject({ eventsRetentionSeconds: 36 * 3600, commJobsIntervalSeconds: 0 });
    expect(() => loadConfig({ ...base, EVENTS_RETENTION: '0' })).toThrow(
      'EVENTS_RETENTION must be positive',
    );
    expect(() => loadConfig({ ...base, EVENTS_RETENTION: '1 week' })).toThrow(
      /EVENTS_RETENTION must be seconds or a duration/,
    );
    expect(() => loadConfig({ ...base, COMM_JOBS_INTERVAL_SECONDS: '-1' })).toThrow(
      'COMM_JOBS_INTERVAL_SECONDS must be between 0 and 86400',
    );
  });

  it('has event stream defaults: 20 s heartbeat, 60 s tickets, 10 streams per account', () => {
    expect(loadConfig(base)).toMatchObject({
      eventsPollIntervalMs: 5000,
      eventsHeartbeatSeconds: 20,
      eventsTicketTtlSeconds: 60,
      eventsMaxStreamsPerAccount: 10,
      eventsMaxStreams: 5000,
      eventsStreamBufferBytes: 262144,
      eventWorkers: true,
    });
    expect(loadConfig({ ...base, EVENT_WORKERS: 'false' }).eventWorkers).toBe(false);
  });

  it('allows only public https webhook targets unless told otherwise', () => {
    expect(loadConfig(base)).toMatchObject({ webhookAllowPrivate: false, webhookAllowHttp: false });
    expect(
      loadConfig({ ...base, WEBHOOK_ALLOW_PRIVATE: '1', WEBHOOK_ALLOW_HTTP: 'true' }),
    ).toMatchObject({ webhookAllowPrivate: true, webhookAllowHttp: true });
    expect(() => loadConfig({ ...base, WEBHOOK_ALLOW_PRIVATE: 'maybe' })).toThrow(
      'WEBHOOK_ALLOW_PRIVATE must be true or false, got "maybe"',
    );
  });

  it('collects SMTP_* variables (trimmed, empty ones dropped) and the mail batch window', () => {
    const config = loadConfig({
      ...base,
      SMTP_SERVER: ' smtp.example.com ',
      SMTP_PASSWORD: 's3cret',
      SMTP_ACCOUNT: '',
      PAY_STRIPE_SECRET_KEY: 'sk_x',
    });
    expect(config.smtpEnv).toEqual({ SMTP_SERVER: 'smtp.example.com', SMTP_PASSWORD: 's3cret' });
    expect(config.mailBatchSeconds).toBe(300);
    expect(config.mailRetentionSeconds).toBe(30 * 86400);
    expect(loadConfig({ ...base, MAIL_RETENTION: '7d' }).mailRetentionSeconds).toBe(7 * 86400);
    expect(loadConfig({ ...base, MAIL_BATCH_SECONDS: '60' }).mailBatchSeconds).toBe(60);
  });

  it.each([
    [{ SMTP_PORT: 'smtp' }, /SMTP_PORT must be an integer/],
    [{ SMTP_PORT: '0' }, /SMTP_PORT must be between 1 and 65535/],
    [{ SMTP_USE_SSL: 'yes' }, /SMTP_USE_SSL must be 0 \(none\), 1 \(SSL\) or 2 \(STARTTLS\)/],
    [{ MAIL_BATCH_SECONDS: '0' }, /MAIL_BATCH_SECONDS must be between 1 and 86400/],
  ])('refuses bad mail settings %j', (env, message) => {
    expect(() => loadConfig({ ...base, ...env })).toThrow(message);
  });

  it('parses CORS origins', () => {
    expect(loadConfig({ ...base, CORS_ORIGINS: '*' }).corsOrigins).toBe(true);
    expect(loadConfig({ ...base, CORS_ORIGINS: 'https://a.io, https://b.io' }).corsOrigins).toEqual(
      ['https://a.io', 'https://b.io'],
    );
  });
});

describe('parseDurationSeconds', () => {
  it.each([
    ['90', 90],
    ['30m', 1800],
    ['12h', 43200],
    ['7d', 604800],
  ])('%s → %d seconds', (raw, seconds) => expect(parseDurationSeconds('X', raw)).toBe(seconds));

  const memory = { DATA_DIR: 'memory://' };

  it('waits 20 s for a payment by default (AnqiCMS), re-reading every second; bounded', () => {
    expect(loadConfig(memory)).toMatchObject({
      paymentCheckWaitSeconds: 20,
      paymentCheckIntervalMs: 1000,
    });
    expect(loadConfig({ ...memory, PAYMENT_CHECK_WAIT_SECONDS: '0' }).paymentCheckWaitSeconds).toBe(
      0,
    );
    expect(() => loadConfig({ ...memory, PAYMENT_CHECK_WAIT_SECONDS: '121' })).toThrow(
      'PAYMENT_CHECK_WAIT_SECONDS must be between 0 and 120',
    );
    expect(() => loadConfig({ ...memory, PAYMENT_CHECK_INTERVAL_MS: '10' })).toThrow(ConfigError);
  });

  it('refuses nonsense', () => {
    expect(() => parseDurationSeconds('X', '7 weeks')).toThrow(ConfigError);
    expect(() => parseDurationSeconds('X', '0')).toThrow(ConfigError);
  });
});
