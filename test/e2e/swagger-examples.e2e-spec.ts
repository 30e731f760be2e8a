import { DEMO_ADMIN, DEMO_CUSTOMER, DemoSeedService } from '../../src/demo/demo-seed.service.js';
import { EXAMPLE_NEEDS } from '../../src/common/swagger/openapi-first-contact.js';
import { OpenApiSampler } from '../support/openapi-sample.js';
import { startTestApp, TestApp } from '../support/test-app.js';

type Operation = Record<string, any>;
interface Route {
  method: string;
  path: string;
  op: Operation;
}

/**
 * Routes a newcomer cannot execute from Swagger UI as a JSON request, each with the reason:
 * everything else is executed below.
 */
const NOT_EXECUTABLE: [RegExp, string][] = [
  [/^(get|post) \/notify\//, 'gateway callbacks: only a body signed by the gateway is accepted'],
  [/^get \/return\//, 'gateway return pages: the gateway redirects the buyer here'],
  [/^get \/health/, 'probes for the load balancer, not envelope routes'],
  [
    /^post \/(system\/)?api\/attachment\/upload$/,
    'multipart: Swagger UI asks for a file to choose',
  ],
];

/**
 * Every documented request example, executed unchanged, the way Swagger UI's Try it out then
 * Execute sends it, against the demo data of a fresh database: each answers code 0, or its route
 * says in its description what to change first (`x-example-needs`), and then its example is still
 * well-formed: refused for the data it names, never by validation.
 */
describe('Swagger examples run as-is against the demo data (e2e)', () => {
  let t: TestApp;
  let doc: Operation;
  let sampler: OpenApiSampler;
  const routes: Route[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.get(DemoSeedService).seed();
    doc = (await (await fetch(`${t.baseUrl}/docs-json`)).json()) as Operation;
    sampler = new OpenApiSampler(doc);
    for (const [path, ops] of Object.entries<Record<string, Operation>>(doc.paths))
      for (const [method, op] of Object.entries(ops)) routes.push({ method, path, op });
  });
  afterAll(async () => {
    await t.close();
  });

  const label = ({ method, path }: Route) => `${method} ${path}`;
  const notExecutable = (route: Route) =>
    NOT_EXECUTABLE.find(([pattern]) => pattern.test(label(route)));
  /** JSON envelope routes; event streams, CSV downloads, images and HTML pages are not. */
  const answersEnvelope = ({ op }: Route) => {
    const success = op.responses['200'] ?? op.responses['201'];
    const schema = sampler.resolve(success?.content?.['application/json']?.schema);
    return Boolean(schema.properties?.code ?? schema.allOf);
  };

  it('names what to change wherever an example cannot run as-is', () => {
    const marked = routes.filter(({ op }) => op[EXAMPLE_NEEDS]);
    expect(marked.length).toBeGreaterThan(0);
    for (const { op } of marked)
      expect(op.description).toContain(`**Before you execute:** ${op[EXAMPLE_NEEDS]}`);
  });

  it('executes every example: code 0, or the change its route names', async () => {
    const login = async () => ({
      customer: (await t.api.post('/api/login', DEMO_CUSTOMER)).body.data.token as string,
      staff: (await t.api.post('/system/api/login', DEMO_ADMIN)).body.data.token as string,
    });
    let tokens = await login();
    const executable = routes.filter((route) => !notExecutable(route) && answersEnvelope(route));
    // Reads first, then the examples that run as-is, then the ones that need a change (they
    // cancel, delete or change passwords), password changes last (they end the sessions).
    const phase = ({ method, path, op }: Route) =>
      path.endsWith('/password') ? 3 : op[EXAMPLE_NEEDS] ? 2 : method === 'get' ? 0 : 1;
    executable.sort((a, b) => phase(a) - phase(b));

    const outcomes: Record<string, string> = {};
    for (const route of executable) {
      const { method, path, op } = route;
      let url = path;
      const query: Record<string, string> = {};
      for (const parameter of op.parameters ?? []) {
        const value = sampler.parameter(parameter) as string | number | boolean | undefined;
        if (parameter.in === 'path') url = url.replace(`{${parameter.name}}`, String(value));
        else if (parameter.in === 'query' && value !== undefined)
          query[parameter.name] = String(value);
      }
      const body = sampler.requestBody(op);
      const schemes = JSON.stringify(op.security ?? []);
      const res = await t.api.request(
        method.toUpperCase(),
        url,
        body === undefined ? undefined : JSON.stringify(body),
        {
          query,
          ...(schemes.includes('"token"')
            ? { token: tokens.customer }
            : schemes.includes('"admin"')
              ? { admin: tokens.staff }
              : {}),
        },
      );
      const refusal = `${res.status} ${res.body.code} ${res.body.error}: ${res.body.msg}`;
      if (res.body.code === 0) outcomes[label(route)] = 'ok';
      else if (!op[EXAMPLE_NEEDS]) outcomes[label(route)] = refusal;
      else {
        // Well-formed: refused (if at all) for the data the note names, or, by validation, only
        // for fields the note tells the newcomer to fill.
        const note = String(op[EXAMPLE_NEEDS]);
        const invalid = (res.body.msg ?? '').split('; ').map((part) => part.split(' ')[0]);
        const byValidation = res.body.error === 'COMMON.VALIDATION';
        outcomes[label(route)] =
          res.body.code === -1 &&
          res.body.error !== 'COMMON.INTERNAL' &&
          (!byValidation || invalid.every((field) => note.includes(field)))
            ? 'ok'
            : refusal;
      }
      if (path.endsWith('/password') && res.body.code === 0) tokens = await login();
    }
    const failed = Object.entries(outcomes).filter(([, outcome]) => outcome !== 'ok');
    expect(Object.fromEntries(failed)).toEqual({});
    // Nothing slipped past: every route was executed or is listed with its reason.
    const skipped = routes.filter((route) => !outcomes[label(route)]);
    for (const route of skipped)
      expect({
        route: label(route),
        why: notExecutable(route)?.[1] ?? !answersEnvelope(route),
      }).toEqual({
        route: label(route),
        why: expect.anything(),
      });
    expect(Object.keys(outcomes).length).toBeGreaterThan(100);
  }, 300_000);
});
