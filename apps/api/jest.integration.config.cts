// Integration tests: the real module graph against a real FerretDB and a real Hardhat node, both
// started by the tests on free ports. Run with --runInBand (2-core machines).
const base = require('./jest.config.cts');

module.exports = {
  ...base,
  displayName: 'api-integration',
  rootDir: __dirname,
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.integration.spec.ts'],
  testTimeout: 120_000,
};
