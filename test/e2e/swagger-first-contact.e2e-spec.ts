import { API_TAGS } from '../../src/common/swagger/api-tags.js';
import { DemoSeedService } from '../../src/demo/demo-seed.service.js';
import { startTestApp, TestApp } from '../support/test-app.js';

type Operation = {
  tags?: string[];
  parameters?: { name: string; in: string; required?: boolean; example?: unknown; schema?: any }[];
  requestBody?: { content: Record<string, { examples?: Record<string, { value: unknown }> }> };
  responses: Record<string, { content?: Record<string, { example?: any }> }>;
};

/** What a newcomer meets in Swagger UI (/docs), read from the document it renders. */
describe('Swagger, first contact (e2e)', () => {
  let t: TestApp;
  let doc: any;
  const operations: { method: string; path: string; op: Operation }[] = [];

  beforeAll(async () => {
    // The demo data `npm start` seeds: the documented examples are meant to run against it.
    t = await startTestApp();
    await t.app.get(DemoSeedService).seed();
    doc = await (await fetch(`${t.baseUrl}/docs-json`)).json();
    for (const [path, ops] of Object.entries<Record<string, Operation>>(doc.paths))
      for (const [method, op] of Object.entries(ops)) operations.push({ method, path, op });
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists one tag per path, from one catalogue: customer tags first, staff ones named "Staff: …", each described', () => {
    expect(doc.tags).toEqual(API_TAGS.map(({ name, description }) => ({ name, description })));
    const names = doc.tags.map((tag: { name: string }) => tag.name) as string[];
    const firstStaff = names.findIndex((name) => name.startsWith('Staff: '));
    expect(names.slice(0, firstStaff).every((name) => !/staff|admin/i.test(name))).toBe(true);
    expect(
      names
        .slice(firstStaff)
        .filter((name) => /staff|admin/i.test(name) && !name.startsWith('Staff: ')),
    ).toEqual([]);
    const tagsOfPath = new Map<string, Set<string>>();
    for (const { path, op } of operations) {
      expect({ path, tags: op.tags?.length }).toEqual({ path, tags: 1 });
      expect(names).toContain(op.tags![0]);
      tagsOfPath.set(path, (tagsOfPath.get(path) ?? new Set()).add(op.tags![0]));
    }
    const shared = [...tagsOfPath].filter(([, tags]) => tags.size > 1).map(([path]) => path);
    expect(shared).toEqual([]);
  });

  it('pre-fills no optional query filter (Try it out then lists what exists)', () => {
    const prefilled = operations.flatMap(({ method, path, op }) =>
      (op.parameters ?? [])
        .filter((p) => p.in === 'query' && !p.required)
        .filter((p) => p.example !== undefined || p.schema?.example !== undefined)
        .map((p) => `${method.toUpperCase()} ${path} ?${p.name}`),
    );
    expect(prefilled).toEqual([]);
    // The hint moved into the description.
    const staffList = doc.paths['/system/api/communication/order/list'].get as Operation;
    const keyword = staffList.parameters!.find((p) => p.name === 'keyword') as any;
    expect(keyword.description).toMatch(/e\.g\./);
    const status = staffList.parameters!.find((p) => p.name === 'status') as any;
    expect(status.description).toMatch(/0 pending, 1 in communication/);
  });

  it('shows each route’s own first error reason as its error example', () => {
    const errorOf = (path: string, method = 'post') =>
      doc.paths[path][method].responses.default.content['application/json'].example;
    expect(errorOf('/api/login')).toMatchObject({ code: -1, error: 'USER.BAD_CREDENTIALS' });
    expect(errorOf('/system/api/login').error).toMatch(/^USER\./);
    expect(errorOf('/api/communication/order/detail', 'get').error).toBe('COMM.NOT_FOUND');
    // ORDER.NOT_FOUND only where the route lists it.
    for (const { method, path, op } of operations) {
      const example = op.responses.default?.content?.['application/json']?.example;
      if (example?.error === 'ORDER.NOT_FOUND')
        expect({ route: `${method} ${path}`, lists: JSON.stringify(op) }).toMatchObject({
          lists: expect.stringContaining('Reasons: ORDER.NOT_FOUND'),
        });
    }
  });

  it('documents total_capped on every list that answers it', () => {
    const staffList = doc.paths['/system/api/communication/order/list'].get as Operation;
    const schema = (staffList.responses['200'].content!['application/json'] as any).schema;
    expect(schema.properties).toHaveProperty('total_capped');
  });

  it('logs in with the login examples exactly as documented', async () => {
    const exampleOf = (path: string) =>
      Object.values(doc.paths[path].post.requestBody.content['application/json'].examples)[0] as {
        value: Record<string, unknown>;
      };
    const customer = await t.api.post('/api/login', exampleOf('/api/login').value);
    expect(customer.body).toMatchObject({ code: 0, data: { user_name: 'demo' } });
    const staff = await t.api.post('/system/api/login', exampleOf('/system/api/login').value);
    expect(staff.body).toMatchObject({ code: 0 });
  });
});
