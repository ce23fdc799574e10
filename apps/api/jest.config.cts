module.exports = {
  displayName: 'api',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  roots: ['<rootDir>/src'],
  transform: {
    '^.+\\.[tj]s$': [
      'ts-jest',
      {
        tsconfig: '<rootDir>/tsconfig.spec.json',
        // The @nestjs/swagger CLI plugin, as in the webpack build: the OpenAPI document built in tests is the served one.
        astTransformers: { before: ['<rootDir>/src/openapi/swagger-plugin.cjs'] },
      },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@aura/contracts$': '<rootDir>/../../libs/contracts/src/index.ts',
    '^@aura/events$': '<rootDir>/../../libs/events/src/index.ts',
    '^@aura/tools/(.*)$': '<rootDir>/../../tools/$1',
  },
  coverageDirectory: '../../coverage/apps/api',
};
