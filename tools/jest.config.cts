module.exports = {
  displayName: 'tools',
  preset: '../jest.preset.js',
  testEnvironment: 'node',
  rootDir: '.',
  testMatch: ['<rootDir>/**/*.spec.ts'],
  transform: { '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  moduleNameMapper: {
    '^@aura/contracts$': '<rootDir>/../libs/contracts/src/index.ts',
    '^@aura/events$': '<rootDir>/../libs/events/src/index.ts',
  },
};
