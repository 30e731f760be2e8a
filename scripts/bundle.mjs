#!/usr/bin/env node
/**
 * `npm run build`'s last step (and `npm start`'s, through scripts/start.mjs): bundles the compiled
 * server, dist/src/server.js with everything it imports statically (the framework and the other
 * packages included), into one file, dist/src/server.bundle.mjs, that dist/src/main.js loads
 * instead. Node then reads, resolves and links one module and the ~700 of the packages left
 * outside, instead of about 1,770, which takes half the time (README.md, Performance → Start-up).
 *
 * It bundles the compiled JavaScript, not the TypeScript, so the decorator metadata Nest reads is
 * tsc's own; names are kept (`keepNames`) because Nest, Swagger and TypeORM read class names.
 * Left outside the bundle, loaded from where they are as before:
 * - the modules main.js itself imports (configuration, the embedded database, the start-up marks),
 *   so that main and the server share one instance of each: the database main starts early is
 *   the one the server takes over;
 * - packages our modules import with `import()` (payment, mail and storage SDKs: loaded on first
 *   use), and optional packages that are not installed (Nest's loading of them fails as before);
 * - packages that find their own files on disk (swagger-ui-dist, PGlite);
 * - packages the framework loads through `createRequire`, which a bundler cannot follow (TypeORM,
 *   class-validator, class-transformer): they must not exist twice.
 * `import.meta.url` in a compiled module keeps meaning that module's own location, so the files it
 * reads beside itself (mail templates, the staff pages' assets, the database worker) are found.
 *
 * Beside the bundle, server.bundle.json lists the compiled modules it was made from (and npm's
 * record of the installed packages) with their modification times: main.js loads the modules
 * unbundled when one of them changed since (a build that did not bundle, e.g. `nest start
 * --watch`, or an `npm ci`), so a stale bundle is never run.
 */
import { createRequire } from 'node:module';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'dist/src');
const serverEntry = join(outDir, 'server.js');
const mainEntry = join(outDir, 'main.js');
const BUNDLE = join(outDir, 'server.bundle.mjs');
const BUNDLE_MANIFEST = join(outDir, 'server.bundle.json');

/** Packages that locate their own files on disk, so they must stay where they are. */
const LOCATES_OWN_FILES = [
  'swagger-ui-dist',
  '@electric-sql/pglite',
  '@electric-sql/pglite-socket',
];

/**
 * Packages some package loads with `createRequire(import.meta.url)(name)` (@nestjs/typeorm,
 * @nestjs/mapped-types), which a bundler cannot see: bundled, they would also load a second time
 * from node_modules, and their state (TypeORM's, class-transformer's metadata) would be split in
 * two. Left outside, every importer shares the one in node_modules, as without the bundle.
 * test/e2e/bundled-server.e2e-spec.ts fails when a package is both bundled and loaded at run time.
 */
const LOADED_THROUGH_CREATE_REQUIRE = ['typeorm', 'class-validator', 'class-transformer'];

const requireFromDist = createRequire(serverEntry);

/** `names` and the packages they depend on, transitively: what loads when they load. */
function withDependencies(names) {
  const all = new Set();
  const visit = (name) => {
    if (all.has(name)) return;
    all.add(name);
    // npm installs them flat in node_modules (a nested copy would be a package of its own).
    const manifest = join(root, 'node_modules', name, 'package.json');
    if (!existsSync(manifest)) return;
    const { dependencies = {} } = JSON.parse(readFileSync(manifest, 'utf8'));
    for (const dependency of Object.keys(dependencies)) visit(dependency);
  };
  names.forEach(visit);
  return all;
}
const packageName = (path) =>
  path
    .split('/')
    .slice(0, path.startsWith('@') ? 2 : 1)
    .join('/');
const fromBundle = (file) => `./${relative(outDir, file)}`;

/** The compiled modules main.js loads itself (its static imports, transitively). */
async function modulesOfMain() {
  const result = await esbuild.build({
    entryPoints: [mainEntry],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    metafile: true,
    logLevel: 'silent',
  });
  return new Set(Object.keys(result.metafile.inputs).map((input) => resolve(root, input)));
}

function leaveOutside(sharedWithMain) {
  // Their dependencies too: they load them from node_modules, so the bundle must not hold a copy.
  const loadedOutside = withDependencies(LOADED_THROUGH_CREATE_REQUIRE);
  return {
    name: 'leave-outside',
    setup(build) {
      build.onResolve({ filter: /^\./ }, (args) => {
        const target = resolve(args.resolveDir, args.path);
        if (sharedWithMain.has(target)) return { path: fromBundle(target), external: true };
        return undefined;
      });
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path.startsWith('node:')) return undefined;
        const outside = { path: args.path, external: true };
        // Our own import() of a package means "load on first use" (the gateway, mail and storage
        // SDKs); the framework's import() of one it also imports statically must share that one.
        if (args.kind === 'dynamic-import' && args.importer.startsWith(outDir)) return outside;
        const name = packageName(args.path);
        if (LOCATES_OWN_FILES.includes(name) || loadedOutside.has(name)) return outside;
        try {
          requireFromDist.resolve(args.path, { paths: [args.resolveDir] });
          return undefined;
        } catch {
          return outside; // optional and not installed
        }
      });
    },
  };
}

/** `import.meta.url` of each module (ours and the packages'), rewritten to that module's own URL. */
const ownImportMetaUrl = {
  name: 'own-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /\.m?js$/ }, (args) => {
      // The file is read here once; esbuild takes these contents instead of reading it again.
      const source = readFileSync(args.path, 'utf8');
      const own = `new URL(${JSON.stringify(fromBundle(args.path))}, import.meta.url).href`;
      return { contents: source.replaceAll('import.meta.url', own), loader: 'js' };
    });
  },
};

/** npm rewrites this file on every install: a bundle made before it holds other packages. */
function installedPackages() {
  return {
    file: '../../node_modules/.package-lock.json',
    mtimeMs: statSync(join(root, 'node_modules/.package-lock.json')).mtimeMs,
  };
}

export async function bundleServer() {
  const started = Date.now();
  // Until the new manifest is written, main.js runs the modules: a bundling cut short (killed
  // half-way through writing the bundle) leaves no manifest to vouch for it.
  rmSync(BUNDLE_MANIFEST, { force: true });
  const result = await esbuild.build({
    entryPoints: [serverEntry],
    outfile: BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    keepNames: true,
    // CommonJS packages inside an ES module bundle still call require() for Node's own modules.
    banner: {
      js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);",
    },
    plugins: [leaveOutside(await modulesOfMain()), ownImportMetaUrl],
    metafile: true,
    logLevel: 'warning',
  });
  const inputs = Object.keys(result.metafile.inputs);
  const bundledPackages = [
    ...new Set(inputs.map((input) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1])),
  ].filter(Boolean);
  const modules = inputs
    .map((input) => resolve(root, input))
    .filter((file) => file.startsWith(outDir))
    .map((file) => ({ file: relative(outDir, file), mtimeMs: statSync(file).mtimeMs }));
  writeFileSync(
    BUNDLE_MANIFEST,
    `${JSON.stringify({ sources: [...modules, installedPackages()], bundledPackages })}\n`,
  );
  return { modules: modules.length, ms: Date.now() - started };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { modules, ms } = await bundleServer();
  process.stdout.write(`bundled ${modules} compiled modules and their packages in ${ms} ms\n`);
}
