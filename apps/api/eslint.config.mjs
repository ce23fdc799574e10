import baseConfig from '../../eslint.config.mjs';

export default [
  ...baseConfig,
  {
    // One owner of persistence per domain: ActivityModule's writer (ActivityStore) and reader
    // (ActivityReader) for the chain's data, AccessStore for keys and tickets, AlertStore for alerting's
    // rules, channels, outbox and deliveries; everything else goes through them.
    files: ['src/**/*.ts'],
    ignores: ['src/activity/**', 'src/auth/store/**', 'src/alerts/store/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@nestjs/mongoose',
              importNames: ['InjectModel', 'getModelToken'],
              message:
                'Models belong to activity/ (ActivityReader, ActivityStore), auth/store/ (AccessStore) and alerts/store/ (AlertStore): go through them.',
            },
          ],
        },
      ],
    },
  },
];
