import nx from '@nx/eslint-plugin';
import simpleImportSort from 'eslint-plugin-simple-import-sort';

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: ['**/dist', '**/out-tsc', '**/generated', '**/.angular', 'test-results', 'playwright-report'],
  },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.jsx'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: ['^.*/eslint(\\.base)?\\.config\\.[cm]?[jt]s$'],
          depConstraints: [
            {
              // The API: shared wire types only; never Angular.
              sourceTag: 'scope:api',
              onlyDependOnLibsWithTags: ['scope:shared', 'scope:tooling'],
              bannedExternalImports: ['@angular/*'],
            },
            {
              // The dashboard: shared wire types only; never server code.
              sourceTag: 'scope:dashboard',
              onlyDependOnLibsWithTags: ['scope:shared'],
              bannedExternalImports: ['@nestjs/*', 'mongoose', 'ethers', 'ws', 'class-validator'],
            },
            {
              // Shared libs are plain TypeScript: usable by both apps, importing neither.
              sourceTag: 'scope:shared',
              onlyDependOnLibsWithTags: ['scope:shared'],
              bannedExternalImports: ['@nestjs/*', '@angular/*', 'class-validator', 'mongoose'],
            },
            {
              // Browser tests drive the built apps through the local stack tooling.
              sourceTag: 'scope:e2e',
              onlyDependOnLibsWithTags: ['scope:tooling', 'scope:shared'],
            },
            {
              // Local chain and test tooling (contracts, devnet, stack): never app code.
              sourceTag: 'scope:tooling',
              onlyDependOnLibsWithTags: ['scope:tooling', 'scope:shared'],
              bannedExternalImports: ['@angular/*', '@nestjs/*'],
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.cts', '**/*.mts', '**/*.js', '**/*.jsx', '**/*.cjs', '**/*.mjs'],
    plugins: { 'simple-import-sort': simpleImportSort },
    // One import order everywhere (autofixed by `eslint --fix`): side effects, node builtins, packages,
    // workspace libs, then relative paths, each group sorted and set apart by a blank line.
    rules: {
      'simple-import-sort/imports': [
        'error',
        { groups: [['^\\u0000'], ['^node:'], ['^@?\\w'], ['^@aura/'], ['^\\.']] },
      ],
      'simple-import-sort/exports': 'error',
    },
  },
];
