import { createGoodsOnSale } from '../factories/catalogue.factory.js';
import { createAdmin, registerCustomer } from '../factories/accounts.factory.js';
import { createCommOrder } from '../factories/communication.factory.js';
import { FuzzGenerator, FuzzRequest, operationsOf, seededRandom } from '../support/openapi-fuzz.js';
import { startTestApp, TestApp } from '../support/test-app.js';

/**
 * Every operation of `/docs-json` × anonymous, customer and staff × hostile values (huge,
 * negative and fractional numbers, NUL bytes, nulls, wrong types, very long strings, unicode,
 * malformed or missing bodies). Whatever a module adds is fuzzed without anyone writing a case.
 *
 * Fails on any 5xx, any COMMON.INTERNAL, any cut connection and any reply that is not an
 * envelope (but the routes below, which answer something else on purpose).
 *
 * Replay: the seed is printed with every failure; `FUZZ_SEED=<n> npm run jest -- test/e2e/fuzz`.
 * `FUZZ_SEED=random` picks a new one; `FUZZ_REQUESTS` changes the budget (default 2000).
 * `FUZZ_MAX_SECONDS` (default 60) bounds the time spent past the first MIN_PER_CASE values of
 * every operation and identity, which are always sent: a slow machine fuzzes every operation
 * with fewer values, never fewer operations.
 */
const NON_ENVELOPE: Record<string, string> = {
  // Probes for load balancers: plain JSON.
  '/health': 'probe',
  '/health/ready': 'probe',
  '/metrics': 'Prometheus text',
  // Uploaded files, served raw (errors are still envelopes).
  '/uploads/{month}/{file}': 'file',
  // Payment gateways' notifications and PayPal's return: answered in each gateway's own format
  // (docs/payments.md). Still no 5xx and no cut connection.
  '/notify/wechat/pay': 'gateway format',
  '/notify/alipay/pay': 'gateway format',
  '/notify/stripe/pay': 'gateway format',
};

const SEED =
  process.env.FUZZ_SEED === 'random'
    ? Math.floor(Math.random() * 2 ** 31)
    : Number(process.env.FUZZ_SEED ?? 20261123);
const BUDGET = Number(process.env.FUZZ_REQUESTS ?? 2000);
const MAX_SECONDS = Number(process.env.FUZZ_MAX_SECONDS ?? 60);
const PARALLEL = 6;
/** Values every (operation, identity) always gets, however slow the run. */
const MIN_PER_CASE = 2;

interface Identity {
  name: 'anonymous' | 'customer' | 'staff';
  headers: Record<string, string>;
}

interface Failure {
  identity: string;
  request: FuzzRequest;
  problem: string;
}

function describeRequest(identity: string, request: FuzzRequest): string {
  const query = new URLSearchParams(request.query).toString();
  const body = request.body === undefined ? '' : ` body=${request.body.slice(0, 200)}`;
  return `${identity} ${request.method} ${request.path.slice(0, 200)}${query ? `?${query.slice(0, 200)}` : ''}${body} [${request.label}]`;
}

describe('OpenAPI-driven fuzzing of every route (e2e)', () => {
  let t: TestApp;
  let doc: any;
  let identities: Identity[];

  beforeAll(async () => {
    t = await startTestApp();
    const customer = await registerCustomer(t.api);
    const admin = await createAdmin(t);
    // Some rows, so the plausible ids of the examples sometimes hit a real record.
    const goods = await createGoodsOnSale(t);
    await createCommOrder(t.api, customer, goods.id);
    doc = await (await fetch(`${t.baseUrl}/docs-json`)).json();
    identities = [
      { name: 'anonymous', headers: {} },
      { name: 'customer', headers: { token: customer.token } },
      { name: 'staff', headers: { admin: admin.token } },
    ];
  });
  afterAll(async () => {
    await t.close();
  });

  async function check(identity: Identity, request: FuzzRequest): Promise<string | undefined> {
    const url = new URL(request.path, t.baseUrl);
    for (const [key, value] of request.query) url.searchParams.append(key, value);
    const headers: Record<string, string> = { ...identity.headers };
    if (request.contentType) headers['content-type'] = request.contentType;
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, { method: request.method, headers, body: request.body });
      // An event stream that opened is a documented success that never ends: hang up.
      if (
        response.status === 200 &&
        (response.headers.get('content-type') ?? '').startsWith('text/event-stream') &&
        doc.paths[request.path]?.[request.method.toLowerCase()]?.responses?.['200']?.content?.[
          'text/event-stream'
        ]
      ) {
        await response.body?.cancel();
        return undefined;
      }
      text = await response.text();
    } catch (error) {
      return `connection failed: ${String((error as Error).cause ?? error)}`;
    }
    if (response.status >= 500) return `HTTP ${response.status}: ${text.slice(0, 300)}`;
    const type = response.headers.get('content-type') ?? '';
    const documented = doc.paths[request.path]?.[request.method.toLowerCase()];
    const okTypes = Object.keys(documented?.responses?.['200']?.content ?? {});
    // A documented non-JSON success (the CSV export) is fine; its errors are still envelopes.
    if (
      response.status === 200 &&
      !type.includes('json') &&
      okTypes.some((t) => type.startsWith(t))
    )
      return undefined;
    const opPath = Object.keys(NON_ENVELOPE).find((p) =>
      new RegExp(`^${p.replace(/\{\w+\}/g, '[^/]+')}$`).test(request.path),
    );
    // Gateways read their refusals from a 4xx in their own format.
    const ownFormat =
      opPath !== undefined &&
      (response.status === 200 ||
        (NON_ENVELOPE[opPath] === 'gateway format' && response.status < 500));
    let body: any;
    try {
      body = JSON.parse(text);
    } catch {
      if (ownFormat) return undefined;
      return `not JSON (HTTP ${response.status}, ${type}): ${text.slice(0, 200)}`;
    }
    if (ownFormat) return undefined;
    if (
      typeof body !== 'object' ||
      body === null ||
      typeof body.code !== 'number' ||
      typeof body.msg !== 'string' ||
      !('data' in body)
    ) {
      return `not an envelope (HTTP ${response.status}): ${text.slice(0, 200)}`;
    }
    if (body.error === 'COMMON.INTERNAL') return `COMMON.INTERNAL: ${text.slice(0, 200)}`;
    return undefined;
  }

  it(`finds no internal error, cut connection or non-envelope reply (seed ${SEED})`, async () => {
    const operations = operationsOf(doc);
    expect(operations.length).toBeGreaterThan(20);
    const perCase = Math.max(
      MIN_PER_CASE,
      Math.floor(BUDGET / (operations.length * identities.length)),
    );
    const generator = new FuzzGenerator(seededRandom(SEED));
    // Generated up front in a fixed order, so the same seed yields the same requests.
    const cases = operations.flatMap((op) =>
      identities.map((identity) => ({
        key: `${identity.name} ${op.method} ${op.path}`,
        identity,
        requests: generator.requests(op, perCase),
      })),
    );
    // Sent round by round: request i of every (operation, identity) before request i + 1 of any,
    // so a slow run spends fewer values per operation, never fewer operations. The first
    // MIN_PER_CASE rounds are always sent whatever the time; later ones stop at the time budget.
    const queue: { key: string; identity: Identity; request: FuzzRequest; required: boolean }[] =
      [];
    for (let round = 0; round < perCase; round++)
      for (const { key, identity, requests } of cases)
        if (requests[round])
          queue.push({ key, identity, request: requests[round], required: round < MIN_PER_CASE });

    const failures: Failure[] = [];
    const deadline = Date.now() + MAX_SECONDS * 1000;
    const covered = new Map<string, number>();
    let sent = 0;
    let next = 0;
    const worker = async () => {
      while (next < queue.length && (queue[next].required || Date.now() < deadline)) {
        const { key, identity, request } = queue[next++];
        sent++;
        const problem = await check(identity, request);
        covered.set(key, (covered.get(key) ?? 0) + 1);
        if (problem) failures.push({ identity: identity.name, request, problem });
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));

    // Every operation, for every identity, got its values: a run that could not say so fails.
    expect({
      notFuzzedEnough: cases
        .filter(({ key }) => (covered.get(key) ?? 0) < MIN_PER_CASE)
        .map(({ key }) => `${key}: ${covered.get(key) ?? 0} of ${MIN_PER_CASE}`),
    }).toEqual({ notFuzzedEnough: [] });
    // Still serving after all that.
    expect((await t.api.get('/health')).status).toBe(200);
    if (sent < queue.length) {
      // eslint-disable-next-line no-console -- the reader of a truncated run needs to know
      console.warn(
        `fuzz: time budget reached after ${sent} of ${queue.length} requests (every operation got at least ${MIN_PER_CASE})`,
      );
    }
    // One line per route and kind of problem first, so a run with many failures stays readable.
    const seen = new Set<string>();
    const distinct = failures.filter((f) => {
      const key = `${f.request.method} ${f.request.path} ${f.problem.slice(0, 40)}`;
      return !seen.has(key) && seen.add(key);
    });
    const report = distinct
      .slice(0, 60)
      .map((f) => `- ${describeRequest(f.identity, f.request)}\n    → ${f.problem}`);
    expect({
      seed: SEED,
      sent,
      failures: failures.length,
      first: report.length ? `\n${report.join('\n')}` : '',
    }).toEqual({ seed: SEED, sent, failures: 0, first: '' });
  }, 180_000);
});
