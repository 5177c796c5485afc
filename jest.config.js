// Jest runs TypeScript through Next's SWC transform (next/jest), so tests compile exactly like the app.
const nextJest = require('next/jest');

// npm omits other platforms' @next/swc-* entries from the lockfile; stop Next from trying to "patch" it.
process.env.NEXT_IGNORE_INCORRECT_LOCKFILE ??= '1';
// Tests never reach beyond loopback: no Next.js telemetry.
process.env.NEXT_TELEMETRY_DISABLED ??= '1';

const createJestConfig = nextJest({ dir: __dirname });

/** @type {import('jest').Config} */
const config = {
  testEnvironment: 'node',
  // Tests live beside the code they test, plus cross-cutting suites under test/.
  testMatch: ['<rootDir>/{lib,components,sandboxes,scripts,test}/**/*.test.{ts,tsx}'],
  moduleNameMapper: { '^@/(.*)$': '<rootDir>/$1' },
  // One Firestore emulator for the whole run; every suite talks to it over HTTP.
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  testTimeout: 30000,
  // Two cores on CI: two workers keep emulator and sandboxes responsive.
  maxWorkers: process.env.CI ? 2 : '50%',
};

module.exports = createJestConfig(config);
