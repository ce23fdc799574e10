// The @nestjs/swagger CLI plugin with the API's options, shared by the webpack build (NxAppWebpackPlugin's
// `transformers`) and ts-jest (`astTransformers`), so that the tests see the document the API serves.
// It reads each DTO property's type, optionality (`?`), arrays and nullability (`| null`) and its JSDoc
// comment (the description, and `@example`), so @ApiProperty only adds what it cannot infer.
const { before } = require('@nestjs/swagger/plugin');

const options = { dtoFileNameSuffix: ['.dto.ts'], introspectComments: true };

module.exports = {
  options,
  // ts-jest's AST transformer contract: a name and a version for its cache key (a new plugin release or new
  // options must not reuse files transformed before), and a factory.
  name: 'nestjs-swagger-plugin',
  version: `${require('@nestjs/swagger/package.json').version}:${JSON.stringify(options)}`,
  factory: (compiler) => before(options, compiler.program),
};
