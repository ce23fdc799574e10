module.exports = {
  displayName: 'api',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  roots: ['<rootDir>/src'],
  transform: { '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@aura/contracts$': '<rootDir>/../../libs/contracts/src/index.ts',
    '^@aura/events$': '<rootDir>/../../libs/events/src/index.ts',
    '^@aura/tools/(.*)$': '<rootDir>/../../tools/$1',
  },
  coverageDirectory: '../../coverage/apps/api',
};
