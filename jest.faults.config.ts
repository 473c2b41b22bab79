import type { Config } from 'jest';
import base from './jest.config';

// The fault suite (npm run test:faults): scenarios under load on the local stack, one at a time.
const config: Config = {
  ...base,
  roots: ['<rootDir>/test/faults'],
  testMatch: ['**/*.faults.ts'],
  testTimeout: 600_000,
};

export default config;
