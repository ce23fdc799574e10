const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('path');

const swaggerPlugin = require('./src/openapi/swagger-plugin.cjs');

module.exports = {
  output: {
    path: join(__dirname, '../../dist/apps/api'),
    clean: true,
    ...(process.env.NODE_ENV !== 'production' && {
      devtoolModuleFilenameTemplate: '[absolute-resource-path]',
    }),
  },
  plugins: [
    // Failpoints (src/common/failpoints.ts) exist for tests only: a production build turns them off for good.
    // (webpack's DefinePlugin through the compiler: a require('webpack') here would make Nx list webpack
    // among the API's runtime dependencies in the pruned package.json.)
    {
      apply(compiler) {
        const define = { AURA_FAILPOINTS_BUILD: JSON.stringify(process.env.NODE_ENV !== 'production') };
        new compiler.webpack.DefinePlugin(define).apply(compiler);
      },
    },
    new NxAppWebpackPlugin({
      target: 'node',
      compiler: 'tsc',
      main: './src/main.ts',
      tsConfig: './tsconfig.app.json',
      optimization: false,
      outputHashing: 'none',
      generatePackageJson: true,
      sourceMap: true,
      // The @nestjs/swagger CLI plugin (as in the API's jest configs): DTO types and JSDoc into the OpenAPI document.
      transformers: [{ name: '@nestjs/swagger/plugin', options: swaggerPlugin.options }],
    }),
  ],
};
