// `npm run db`: FerretDB (MongoDB wire protocol) on SQLite under .data/ferretdb, at 127.0.0.1:27017.
import { join } from 'node:path';

import { REPO_ROOT, startFerretDb } from './ferretdb';

const port = Number(process.env['DB_PORT'] ?? 27017);
startFerretDb({ port, dataDir: join(REPO_ROOT, '.data/ferretdb') })
  .then((db) => {
    console.log(`[db] FerretDB ready at ${db.url} (data in .data/ferretdb)`);
    const stop = () => void db.stop().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  })
  .catch((err: Error) => {
    console.error(`[db] ${err.message}`);
    process.exit(1);
  });
