// `nx run events:asyncapi`: writes docs/asyncapi.yaml from the frame definitions.
import { writeFileSync } from 'node:fs';

import { ASYNCAPI_PATH, renderAsyncApi } from './render-asyncapi';

function main(): void {
  writeFileSync(ASYNCAPI_PATH, renderAsyncApi());
  console.log(`wrote ${ASYNCAPI_PATH}`);
}

main();
