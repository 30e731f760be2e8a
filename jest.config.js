/**
 * NestJS 12 ships as ES modules, so tests run as ESM too (node --experimental-vm-modules, see
 * package.json). Unit specs live beside the code (src/**\/*.spec.ts), e2e specs in test/e2e.
 */
export default {
  rootDir: '.',
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  testRegex: ['src/.*\\.spec\\.ts$', 'test/e2e/.*\\.e2e-spec\\.ts$'],
  extensionsToTreatAsEsm: ['.ts'],
  // Source imports say `./x.js` (ESM rules); jest resolves them to the .ts files.
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
  maxWorkers: process.env.JEST_MAX_WORKERS ?? 2,
  testTimeout: 60000,
  globalSetup: '<rootDir>/test/support/global-setup.ts',
};
