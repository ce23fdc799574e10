import baseConfig from '../../eslint.config.mjs';

export default [
  ...baseConfig,
  {
    // One owner of persistence: ActivityModule's writer (ActivityStore) and reader (ActivityReader) are the
    // only code that sees a model; everything else goes through them.
    files: ['src/**/*.ts'],
    ignores: ['src/activity/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@nestjs/mongoose',
              importNames: ['InjectModel', 'getModelToken'],
              message: 'Models belong to activity/: read through ActivityReader, write through ActivityStore.',
            },
          ],
        },
      ],
    },
  },
];
