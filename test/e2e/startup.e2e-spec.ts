import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openApiDocumentCount } from '../../src/configure-app.js';
import { startTestApp, TestApp } from '../support/test-app.js';

/**
 * What start-up leaves for later (README.md, Performance → Start-up): the SDKs of the payment
 * gateways, mail and object storage are imported on first use, and the OpenAPI document is built
 * on the first /docs request, so neither delays the first answer; the embedded database starts
 * before the framework loads. No timings here: the restart time is measured by
 * `npm run bench:restart`.
 */

/**
 * SDKs not needed to answer the first request: imported with `import()` where used (undici: the
 * webhook sender's HTTP client).
 */
const LAZY_PACKAGES = [
  'stripe',
  '@paypal/paypal-server-sdk',
  'alipay-sdk',
  'qrcode',
  'nodemailer',
  '@aws-sdk/client-s3',
  '@aws-sdk/lib-storage',
  '@aws-sdk/s3-request-presigner',
  'undici',
];

const ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');

/**
 * Static imports (`import … from`, `export … from`, `import '…'`) of a TypeScript source, without
 * `import type` / `export type` (erased) and without `import()` (loaded when it runs).
 */
function staticImports(source: string): string[] {
  const specifiers: string[] = [];
  const clause = /^\s*(?:import|export)\s+(type\s+)?[^;()'"]*?\bfrom\s+['"]([^'"]+)['"]/gm;
  for (const match of source.matchAll(clause)) if (!match[1]) specifiers.push(match[2]);
  for (const match of source.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) specifiers.push(match[1]);
  return specifiers;
}

function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Every package reachable through static imports from `entry`, with the file importing it. */
function staticPackages(entry: string): Map<string, string> {
  const packages = new Map<string, string>();
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const specifier of staticImports(readFileSync(file, 'utf8'))) {
      if (specifier.startsWith('node:')) continue;
      if (!specifier.startsWith('.')) {
        const name = packageOf(specifier);
        if (!packages.has(name)) packages.set(name, file.slice(ROOT.length + 1));
        continue;
      }
      const base = resolve(dirname(file), specifier.replace(/\.js$/, ''));
      const target = [`${base}.ts`, join(base, 'index.ts')].find((path) => existsSync(path));
      if (!target) throw new Error(`${file}: cannot resolve ${specifier}`);
      queue.push(target);
    }
  }
  return packages;
}

describe('start-up leaves for later what the first request does not need (e2e)', () => {
  it('imports no gateway, mail or object-storage SDK statically from the server', () => {
    const packages = staticPackages(join(ROOT, 'src/server.ts'));
    // The walk sees the framework the first request does need (it would be empty if it were blind).
    for (const needed of ['@nestjs/core', '@nestjs/platform-fastify', 'typeorm', 'pg'])
      expect(packages.has(needed)).toBe(true);
    const eager = LAZY_PACKAGES.filter((name) => packages.has(name)).map(
      (name) => `${name} (imported by ${packages.get(name)})`,
    );
    expect(eager).toEqual([]);
  });

  it('starts the embedded database from src/main.ts before any package loads', () => {
    // main.ts prestarts PGlite, then imports the server: a package it imported statically would
    // load before that start, and so would everything that package imports.
    expect([...staticPackages(join(ROOT, 'src/main.ts')).keys()]).toEqual([]);
    const main = readFileSync(join(ROOT, 'src/main.ts'), 'utf8');
    expect(main.indexOf('prestartEmbeddedPostgres(')).toBeGreaterThan(-1);
    expect(main.indexOf('prestartEmbeddedPostgres(')).toBeLessThan(main.indexOf('await import('));
  });

  it('reads `import type` and `import()` as not loading at start', () => {
    const source = [
      "import type Stripe from 'stripe';",
      "import { lazyImport } from './lazy.js';",
      "export { a } from './a.js';",
      "export type { B } from './b.js';",
      "import 'reflect-metadata';",
      "const sdk = lazyImport(() => import('alipay-sdk'));",
      'import {',
      '  One,',
      '  Two,',
      "} from '@scope/pkg/sub';",
    ].join('\n');
    expect(staticImports(source).sort()).toEqual(
      ['./lazy.js', './a.js', 'reflect-metadata', '@scope/pkg/sub'].sort(),
    );
  });

  describe('the OpenAPI document', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(async () => {
      await t.close();
    });

    it('is built on the first /docs request, after the API has answered, and once', async () => {
      // startTestApp built one for its response checker; the server's own is not built yet.
      const before = openApiDocumentCount();
      const ready = await fetch(`${t.baseUrl}/health/ready`);
      expect(ready.status).toBe(200);
      expect(openApiDocumentCount()).toBe(before);

      const first = await fetch(`${t.baseUrl}/docs-json`);
      expect(first.status).toBe(200);
      const document = (await first.json()) as { paths: Record<string, unknown> };
      expect(Object.keys(document.paths)).toContain('/health/ready');
      expect(openApiDocumentCount()).toBe(before + 1);

      const ui = await fetch(`${t.baseUrl}/docs/swagger-ui-init.js`);
      expect(ui.status).toBe(200);
      await ui.text();
      await (await fetch(`${t.baseUrl}/docs-json`)).json();
      expect(openApiDocumentCount()).toBe(before + 1);
    });
  });
});
