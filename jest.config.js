/** Unit tests run beside the code; integration and e2e tests in test/ against real PostgreSQL and Redis. */
const moduleNameMapper = {
  '^@mosaic/schema$': '<rootDir>/migrations/data-source-options',
  '^@mosaic/(.*)$': '<rootDir>/libs/$1/src',
};
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json', diagnostics: false }] };
const common = { rootDir: __dirname, testEnvironment: 'node', moduleNameMapper, transform, moduleFileExtensions: ['ts', 'js', 'json'] };

module.exports = {
  // Integration tests cross PostgreSQL, Redis and argon2: generous, since they assert behaviour, not time.
  testTimeout: 60_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      setupFiles: ['<rootDir>/test/support/environment.ts'],
    },
  ],
};
