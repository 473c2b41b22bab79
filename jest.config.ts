import type { Config } from 'jest';

// feelin and its parser ship as ES modules only; jest runs CommonJS, so they are transpiled too.
const esmPackages = ['feelin', 'lezer-feel', '@lezer', 'min-dash', 'temporal-polyfill', 'temporal-utils'];

const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs', isolatedModules: true } }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  testTimeout: 120_000,
  // The secret-leak scan over the whole run (test/leak/); with STACK=containers also the container stack (test/stack/).
  globalSetup: '<rootDir>/test/stack/global-setup.ts',
  globalTeardown: '<rootDir>/test/stack/global-teardown.ts',
};

export default config;
