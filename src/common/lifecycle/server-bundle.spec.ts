import { mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { serverModule } from './server-bundle.js';

/** main.ts runs the bundle only while it was made from the modules now beside it. */
describe('serverModule', () => {
  let dir: string;
  let dirUrl: URL;
  const write = (file: string) => writeFileSync(join(dir, file), `// ${file}\n`);
  const manifest = (files: string[]) =>
    writeFileSync(
      join(dir, 'server.bundle.json'),
      JSON.stringify({
        sources: files.map((file) => ({ file, mtimeMs: statSync(join(dir, file)).mtimeMs })),
      }),
    );

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'server-bundle-'));
    dirUrl = pathToFileURL(`${dir}/`);
    mkdirSync(join(dir, 'orders'));
    for (const file of ['server.js', 'server.bundle.mjs', 'orders/orders.service.js']) write(file);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const modules = () => ({
    url: pathToFileURL(join(dir, 'server.js')).href,
    bundled: false,
  });

  it('runs the bundle made from the modules as they are', () => {
    manifest(['server.js', 'orders/orders.service.js']);
    expect(serverModule(dirUrl)).toEqual({
      url: pathToFileURL(join(dir, 'server.bundle.mjs')).href,
      bundled: true,
      staleBundle: false,
    });
  });

  it('runs the modules when there is no bundle', () => {
    expect(serverModule(dirUrl)).toEqual({ ...modules(), staleBundle: false });
    manifest(['server.js']);
    rmSync(join(dir, 'server.bundle.mjs'));
    expect(serverModule(dirUrl)).toEqual({ ...modules(), staleBundle: false });
  });

  it('runs the modules, saying so, when one changed or went away since the bundle', () => {
    manifest(['server.js', 'orders/orders.service.js']);
    const later = new Date(Date.now() + 5_000);
    utimesSync(join(dir, 'orders/orders.service.js'), later, later);
    expect(serverModule(dirUrl)).toEqual({ ...modules(), staleBundle: true });

    manifest(['server.js', 'orders/orders.service.js']);
    rmSync(join(dir, 'orders/orders.service.js'));
    expect(serverModule(dirUrl)).toEqual({ ...modules(), staleBundle: true });
  });

  it('runs the modules when the manifest is cut short or empty', () => {
    writeFileSync(join(dir, 'server.bundle.json'), '{"sources":[{"file":"ser');
    expect(serverModule(dirUrl)).toEqual({ ...modules(), staleBundle: true });
    writeFileSync(join(dir, 'server.bundle.json'), '{"sources":[]}');
    expect(serverModule(dirUrl)).toEqual({ ...modules(), staleBundle: true });
  });
});
