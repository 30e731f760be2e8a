/**
 * NestJS 12 ships as ES modules, so tests run as ESM too (node --experimental-vm-modules, see
 * package.json). Unit specs live beside the code (src/**\/*.spec.ts), e2e specs in test/e2e.
 */
/**
 * Suites that assert how soon something arrives live (event streams, durable consumers, pages in
 * a browser). An event is delivered once no older transaction is open anywhere on the PostgreSQL
 * server (docs/events.md), so another test file's long transaction delays them. `npm test` runs
 * everything else first, in parallel (TEST_PHASE=bulk), then these alone, one after the other
 * (TEST_PHASE=live). Without TEST_PHASE every suite runs at once (`npm run jest`).
 */
const LIVE_SUITES = 'test/e2e/(event-streams|event-consumers|staff-inbox-browser|swagger-browser)';
const phase = process.env.TEST_PHASE;

export default {
  rootDir: '.',
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  testRegex:
    phase === 'live'
      ? [`${LIVE_SUITES}.*\\.e2e-spec\\.ts$`]
      : ['src/.*\\.spec\\.ts$', 'test/e2e/.*\\.e2e-spec\\.ts$'],
  testPathIgnorePatterns: phase === 'bulk' ? ['/node_modules/', LIVE_SUITES] : ['/node_modules/'],
  extensionsToTreatAsEsm: ['.ts'],
  // Source imports say `./x.js` (ESM rules); jest resolves them to the .ts files.
  resolver: '<rootDir>/test/support/jest-resolver.cjs',
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
    // @fastify/static (Swagger UI assets) requires the ESM-only content-disposition@3; jest on
    // Node 20 cannot require() ESM, so tests get the API-identical CommonJS 0.5 line instead.
    '^content-disposition$': 'content-disposition-cjs',
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', useESM: true, diagnostics: false }],
  },
  // Two cores: two workers, each e2e file boots its own app against its own database.
  maxWorkers: phase === 'live' ? 1 : (process.env.JEST_MAX_WORKERS ?? 2),
  testTimeout: 60000,
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
};
