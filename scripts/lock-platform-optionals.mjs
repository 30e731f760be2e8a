// Keeps package-lock.json installable with `npm ci` everywhere.
// Some registry mirrors serve only the Linux builds of unrs-resolver (jest's resolver); npm then
// writes a lock without the other platforms' optional bindings, and `npm ci` refuses it as out of
// sync. This adds those entries back (os/cpu-tagged and optional, so npm skips them on other
// platforms), exactly as a lock written against the full registry has them.
// Run after regenerating the lock: node scripts/lock-platform-optionals.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const packages = lock.packages;
let added = 0;
for (const [parent, meta] of Object.entries(packages)) {
  if (!parent.endsWith('node_modules/unrs-resolver')) continue;
  for (const [name, version] of Object.entries(meta.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    if (packages[key]) continue;
    const [os, cpu, abi] = name.split('resolver-binding-')[1].split('-');
    packages[key] = { version, cpu: [cpu], license: 'MIT', optional: true, os: [os] };
    if (os === 'linux' && abi) packages[key].libc = [abi.includes('musl') ? 'musl' : 'glibc'];
    added++;
  }
}
writeFileSync('package-lock.json', JSON.stringify(lock, null, 2) + '\n');
process.stdout.write(`added ${added} platform-specific optional entries\n`);
