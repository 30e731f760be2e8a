import { createAdmin, registerCustomer, TestCustomer } from '../factories/accounts.factory.js';
import { LoginThrottleService } from '../../src/login-throttle/services/login-throttle.service.js';
import { ApiResponse } from '../support/api-client.js';
import { startTestApp, TestApp } from '../support/test-app.js';

/**
 * Login throttling (docs/security.md): failures counted per account and per client address in
 * PostgreSQL, so two app instances on one database share the counters; a locked key answers
 * AUTH.TOO_MANY_ATTEMPTS with Retry-After; a success resets the account.
 */
// Two instances on one database need PostgreSQL; the PGlite fallback has a single session.
const itWithTwoInstances = process.env.TEST_DB_MODE === 'pglite' ? it.skip : it;

const MAX_FAILURES = 5;
const MAX_PER_ADDRESS = 8;
const LOCKOUT = 60;
const ENV = {
  TRUST_PROXY: 'true',
  LOGIN_MAX_FAILURES: String(MAX_FAILURES),
  LOGIN_MAX_FAILURES_PER_ADDRESS: String(MAX_PER_ADDRESS),
  LOGIN_LOCKOUT: `${LOCKOUT}s`,
  LOGIN_LOCKOUT_MAX: '1h',
  LOGIN_FAILURE_WINDOW: '15m',
};

let addressCounter = 0;
/** Each test logs in from its own address (TRUST_PROXY=true reads X-Forwarded-For). */
function newAddress(): string {
  addressCounter += 1;
  return `203.0.113.${addressCounter}`;
}

function login(t: TestApp, userName: string, password: string, address: string, staff = false) {
  return t.api.post(
    staff ? '/system/api/login' : '/api/login',
    { user_name: userName, password },
    { headers: { 'x-forwarded-for': address } },
  );
}

function reasonOf(res: ApiResponse): string {
  return res.body.code === 0 ? 'OK' : String(res.body.error);
}

function expectThrottled(res: ApiResponse, maxSeconds: number): number {
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ code: -1, data: null, error: 'AUTH.TOO_MANY_ATTEMPTS' });
  const retryAfter = Number(res.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(maxSeconds);
  expect(res.body.details).toEqual({ retry_after: retryAfter });
  expect(res.body.msg).toMatch(new RegExp(`try again in ${retryAfter} seconds?`));
  return retryAfter;
}

describe('login throttling (e2e)', () => {
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    a = await startTestApp(ENV);
    b = a.databaseUrl ? await startTestApp(ENV, { databaseUrl: a.databaseUrl }) : a;
  });
  afterAll(async () => {
    if (b !== a) await b.close();
    await a.close();
  });

  const counter = async (key: string) =>
    (
      await a.dataSource.query<{ failures: number }[]>(
        'SELECT failures FROM login_attempts WHERE throttle_key = $1',
        [key],
      )
    )[0]?.failures;

  /** Moves an account's last counted attempt into the past, as if time had passed. */
  const age = (key: string, seconds: number) =>
    a.dataSource.query(
      `UPDATE login_attempts SET last_attempt_at = last_attempt_at - make_interval(secs => $2) WHERE throttle_key = $1`,
      [key, seconds],
    );

  itWithTwoInstances(
    'lets exactly LOGIN_MAX_FAILURES parallel wrong passwords from two instances reach the check, refuses the rest',
    async () => {
      const alice = await registerCustomer(a.api);
      const address = newAddress();
      const attempts = await Promise.all(
        Array.from({ length: 14 }, (_, i) =>
          login(i % 2 ? b : a, alice.userName, 'wrong-password', address),
        ),
      );
      const reasons = attempts.map(reasonOf);
      expect(reasons.filter((r) => r === 'USER.BAD_CREDENTIALS')).toHaveLength(MAX_FAILURES);
      expect(reasons.filter((r) => r === 'AUTH.TOO_MANY_ATTEMPTS')).toHaveLength(14 - MAX_FAILURES);
      for (const res of attempts.filter((r) => r.body.error === 'AUTH.TOO_MANY_ATTEMPTS'))
        expectThrottled(res, LOCKOUT);
      // Refused attempts are not counted: not on the account, not on the address.
      expect(await counter(`customer:${alice.userName}`)).toBe(MAX_FAILURES);
      expect(await counter(`address:${address}`)).toBe(MAX_FAILURES);

      // Locked on both instances, even for the right password.
      expectThrottled(await login(b, alice.userName, alice.password, address), LOCKOUT);
      expectThrottled(await login(a, alice.userName, alice.password, newAddress()), LOCKOUT);
    },
  );

  it('locks after the threshold, lets one more try after the lockout, then doubles it', async () => {
    const bob = await registerCustomer(a.api);
    const key = `customer:${bob.userName}`;
    const address = newAddress();
    for (let i = 0; i < MAX_FAILURES; i++)
      expect(reasonOf(await login(a, bob.userName, 'nope-nope', address))).toBe(
        'USER.BAD_CREDENTIALS',
      );
    expectThrottled(await login(a, bob.userName, 'nope-nope', address), LOCKOUT);

    await age(key, LOCKOUT + 1);
    expect(reasonOf(await login(b, bob.userName, 'nope-nope', address))).toBe(
      'USER.BAD_CREDENTIALS',
    );
    const second = expectThrottled(
      await login(a, bob.userName, bob.password, address),
      2 * LOCKOUT,
    );
    expect(second).toBeGreaterThan(LOCKOUT);

    // Once the lockout is over, the right password logs in and the account starts afresh.
    await age(key, 2 * LOCKOUT + 1);
    expect(reasonOf(await login(a, bob.userName, bob.password, address))).toBe('OK');
    expect(await counter(key)).toBeUndefined();
  });

  it('stops counting failures older than LOGIN_FAILURE_WINDOW: the next failure starts at 1', async () => {
    const frank = await registerCustomer(a.api);
    const key = `customer:${frank.userName}`;
    const address = newAddress();
    const window = 15 * 60;
    for (let i = 0; i < MAX_FAILURES - 1; i++)
      expect(reasonOf(await login(a, frank.userName, 'wrong-f1', address))).toBe(
        'USER.BAD_CREDENTIALS',
      );
    expect(await counter(key)).toBe(MAX_FAILURES - 1);

    // Still inside the window: the failures count, one more locks the account.
    await age(key, window - 60);
    await age(`address:${address}`, window + 1);
    expect(reasonOf(await login(a, frank.userName, 'wrong-f1', address))).toBe(
      'USER.BAD_CREDENTIALS',
    );
    expect(await counter(key)).toBe(MAX_FAILURES);
    expectThrottled(await login(a, frank.userName, frank.password, address), LOCKOUT);

    // A second account: its failures go stale, so the next failure is the first of a new window.
    const grace = await registerCustomer(a.api);
    const graceKey = `customer:${grace.userName}`;
    const other = newAddress();
    for (let i = 0; i < MAX_FAILURES - 1; i++)
      expect(reasonOf(await login(a, grace.userName, 'wrong-g1', other))).toBe(
        'USER.BAD_CREDENTIALS',
      );
    await age(graceKey, window + 1);
    await age(`address:${other}`, window + 1);
    expect(reasonOf(await login(b, grace.userName, 'wrong-g1', other))).toBe(
      'USER.BAD_CREDENTIALS',
    );
    expect(await counter(graceKey)).toBe(1);
    expect(await counter(`address:${other}`)).toBe(1);
    // Had the old failures counted, this would be failure MAX_FAILURES + 1 and locked.
    for (let i = 0; i < MAX_FAILURES - 2; i++)
      expect(reasonOf(await login(a, grace.userName, 'wrong-g1', other))).toBe(
        'USER.BAD_CREDENTIALS',
      );
    expect(await counter(graceKey)).toBe(MAX_FAILURES - 1);
    expect(reasonOf(await login(a, grace.userName, grace.password, other))).toBe('OK');
  });

  it('forgets a lockout once the lockout and then the window have passed: no doubling', async () => {
    const hank = await registerCustomer(a.api);
    const key = `customer:${hank.userName}`;
    const address = newAddress();
    for (let i = 0; i < MAX_FAILURES; i++)
      expect(reasonOf(await login(a, hank.userName, 'wrong-h1', address))).toBe(
        'USER.BAD_CREDENTIALS',
      );
    expectThrottled(await login(a, hank.userName, hank.password, address), LOCKOUT);
    await age(key, LOCKOUT + 15 * 60 + 1);
    await age(`address:${address}`, LOCKOUT + 15 * 60 + 1);
    // A stale locked counter restarts at 1: this failure does not lock (it would, doubled, if
    // it counted as failure MAX_FAILURES + 1).
    expect(reasonOf(await login(a, hank.userName, 'wrong-h1', address))).toBe(
      'USER.BAD_CREDENTIALS',
    );
    expect(await counter(key)).toBe(1);
    expect(reasonOf(await login(b, hank.userName, hank.password, address))).toBe('OK');
  });

  it('resets the account counter on a successful login', async () => {
    const carol = await registerCustomer(a.api);
    const address = newAddress();
    for (let i = 0; i < MAX_FAILURES - 1; i++)
      expect(reasonOf(await login(a, carol.userName, 'wrong-wrong', address))).toBe(
        'USER.BAD_CREDENTIALS',
      );
    expect(reasonOf(await login(b, carol.userName, carol.password, address))).toBe('OK');
    expect(await counter(`customer:${carol.userName}`)).toBeUndefined();
    // The success took its own attempt back from the address.
    expect(await counter(`address:${address}`)).toBe(MAX_FAILURES - 1);

    const other = newAddress();
    for (let i = 0; i < MAX_FAILURES; i++)
      expect(reasonOf(await login(a, carol.userName, 'wrong-wrong', other))).toBe(
        'USER.BAD_CREDENTIALS',
      );
    expectThrottled(await login(a, carol.userName, 'wrong-wrong', other), LOCKOUT);
  });

  it('counts failures per address across different accounts, and only from that address', async () => {
    const address = newAddress();
    const victims: TestCustomer[] = [];
    for (let i = 0; i < 3; i++) victims.push(await registerCustomer(a.api));
    const names = [...victims.map((v) => v.userName), 'nobody-1', 'nobody-2', 'nobody-3'];
    for (let i = 0; i < MAX_PER_ADDRESS; i++) {
      const res = await login(i % 2 ? b : a, names[i % names.length], 'guess-1234', address);
      expect(reasonOf(res)).toBe('USER.BAD_CREDENTIALS');
    }
    // Every account is below its own threshold, but the address is spent, even for a right password.
    expectThrottled(await login(a, 'nobody-4', 'guess-1234', address), LOCKOUT);
    expectThrottled(await login(b, victims[0].userName, victims[0].password, address), LOCKOUT);
    // Another address is not affected.
    expect(reasonOf(await login(a, victims[0].userName, victims[0].password, newAddress()))).toBe(
      'OK',
    );
  });

  it('throttles staff logins separately from customer logins of the same name', async () => {
    const staff = await createAdmin(a);
    const address = newAddress();
    for (let i = 0; i < MAX_FAILURES; i++)
      expect(reasonOf(await login(a, staff.userName, 'wrong-staff', address, true))).toBe(
        'USER.BAD_CREDENTIALS',
      );
    expectThrottled(await login(b, staff.userName, staff.password, address, true), LOCKOUT);
    // The same name on the customer side has its own counter.
    expect(reasonOf(await login(a, staff.userName, 'wrong-staff', newAddress()))).toBe(
      'USER.BAD_CREDENTIALS',
    );
    expect(await counter(`staff:${staff.userName}`)).toBe(MAX_FAILURES);
    expect(await counter(`customer:${staff.userName}`)).toBe(1);
  });

  it('counts refused registrations per address, but not invalid input', async () => {
    const taken = await registerCustomer(a.api);
    const address = newAddress();
    const register = (body: Record<string, unknown>) =>
      a.api.post('/api/register', body, { headers: { 'x-forwarded-for': address } });
    for (let i = 0; i < MAX_PER_ADDRESS + 2; i++)
      expect(reasonOf(await register({ user_name: 'x', password: '1' }))).toBe('COMMON.VALIDATION');
    expect(await counter(`address:${address}`)).toBe(0);
    for (let i = 0; i < MAX_PER_ADDRESS; i++)
      expect(reasonOf(await register({ user_name: taken.userName, password: 'secret123' }))).toBe(
        'USER.NAME_TAKEN',
      );
    expectThrottled(
      await register({ user_name: `free_${address}`, password: 'secret123' }),
      LOCKOUT,
    );
  });

  it('treats names that differ only in case or surrounding spaces as one account', async () => {
    const dave = await registerCustomer(a.api);
    const address = newAddress();
    for (let i = 0; i < MAX_FAILURES; i++)
      await login(a, i % 2 ? dave.userName.toUpperCase() : dave.userName, 'wrong-x1', address);
    expectThrottled(
      await login(a, ` ${dave.userName.toUpperCase()} `, 'wrong-x1', address),
      LOCKOUT,
    );
  });

  it('cleans up counters that can no longer lock anything, keeping live ones', async () => {
    const erin = await registerCustomer(a.api);
    const address = newAddress();
    await login(a, erin.userName, 'wrong-e1', address);
    await login(a, 'stale-one', 'wrong-e1', address);
    await age('customer:stale-one', 15 * 60 + 3600 + 1);
    const deleted = await a.app.get(LoginThrottleService).runOnce();
    expect(deleted).toBeGreaterThanOrEqual(1);
    expect(await counter('customer:stale-one')).toBeUndefined();
    expect(await counter(`customer:${erin.userName}`)).toBe(1);
  });
});

describe('login throttling without TRUST_PROXY (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ LOGIN_MAX_FAILURES_PER_ADDRESS: '2', LOGIN_MAX_FAILURES: '10' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('counts the connecting address, whatever X-Forwarded-For claims', async () => {
    const spoof = (last: number) => ({ headers: { 'x-forwarded-for': `198.51.100.${last}` } });
    for (let i = 1; i <= 2; i++) {
      const res = await t.api.post(
        '/api/login',
        { user_name: `ghost${i}`, password: 'x1' },
        spoof(i),
      );
      expect(res.body.error).toBe('USER.BAD_CREDENTIALS');
    }
    const res = await t.api.post('/api/login', { user_name: 'ghost3', password: 'x1' }, spoof(3));
    expect(res.body.error).toBe('AUTH.TOO_MANY_ATTEMPTS');
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});
