import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const COMMON = dirname(fileURLToPath(import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sources(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

/**
 * `src/common` holds what every module builds on, so it must not depend on any of them (nor on
 * ormconfig.ts or src/entities.ts, which gather the modules): what it needs from the app is
 * passed in (AppModule gives DatabaseModule the migrations; modules register their entities).
 */
describe('src/common depends on nothing above it', () => {
  it('imports only files under src/common and packages', () => {
    const outside: string[] = [];
    for (const file of sources(COMMON)) {
      const text = readFileSync(file, 'utf8');
      for (const [, specifier] of text.matchAll(/(?:from|import\()\s*'(\.{1,2}\/[^']+)'/g)) {
        const target = resolve(dirname(file), specifier);
        if (relative(COMMON, target).startsWith('..'))
          outside.push(`${relative(COMMON, file)} -> ${specifier}`);
      }
    }
    expect(outside).toEqual([]);
  });
});
