// `npm run db`: FerretDB (MongoDB wire protocol) on SQLite under .data/ferretdb, at 127.0.0.1:DB_PORT (27017).
import { join } from 'node:path';

import { REPO_ROOT, startFerretDb } from './ferretdb';
import { intSetting, launcherEnv } from './launcher-env';
import { stopWhenOrphaned } from './processes';

async function main(): Promise<void> {
  const port = intSetting(launcherEnv(), 'DB_PORT', 27017);
  const db = await startFerretDb({ port, dataDir: join(REPO_ROOT, '.data/ferretdb') });
  console.log(`[db] FerretDB ready at ${db.url} (data in .data/ferretdb)`);
  const stop = () => void db.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.on('SIGHUP', stop);
  stopWhenOrphaned(stop, (line) => console.log(`[db] ${line}`));
}

main().catch((err: Error) => {
  console.error(`[db] ${err.message}`);
  process.exit(1);
});
