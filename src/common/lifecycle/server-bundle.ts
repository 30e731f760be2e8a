import { existsSync, readFileSync, statSync } from 'node:fs';

export interface ServerModule {
  /** What main.ts imports: the bundle, or the compiled server module. */
  url: string;
  bundled: boolean;
  /** A bundle was there but made from other modules than those now beside it. */
  staleBundle: boolean;
}

/**
 * The server as one bundle (scripts/bundle.mjs, run by `npm run build` and `npm start`), which
 * loads in about half the time of its modules, while every file it was made from is as it
 * was then (the manifest beside it lists them with their modification times); otherwise the
 * compiled modules in `dir` as they are: a build that did not bundle (`nest start --watch`), an
 * `npm ci` since, or no bundle at all.
 */
export function serverModule(dir: URL): ServerModule {
  const modules = { url: new URL('./server.js', dir).href, bundled: false, staleBundle: false };
  const manifest = new URL('./server.bundle.json', dir);
  const bundle = new URL('./server.bundle.mjs', dir);
  if (!existsSync(manifest) || !existsSync(bundle)) return modules;
  let sources: { file: string; mtimeMs: number }[] = [];
  try {
    ({ sources } = JSON.parse(readFileSync(manifest, 'utf8')) as { sources: typeof sources });
  } catch {
    // A manifest cut short (a bundling that was killed): the bundle cannot be trusted either.
  }
  const unchanged =
    sources.length > 0 &&
    sources.every(({ file, mtimeMs }) => {
      const path = new URL(file, manifest);
      return existsSync(path) && statSync(path).mtimeMs === mtimeMs;
    });
  return unchanged
    ? { url: bundle.href, bundled: true, staleBundle: false }
    : { ...modules, staleBundle: true };
}
