import baseConfig from '../eslint.config.mjs';

export default [...baseConfig, { files: ['**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } }];
