// `npm run devnet` (= nx run tools:devnet, which compiles the contracts first): the local chain until Ctrl-C.
// An explicit entry: tools/run-ts.cjs loads scripts with require(), so `require.main === module` never holds.
import { stopWhenOrphaned } from '../stack/processes';
import { startDevnet } from './devnet';

startDevnet()
  .then((devnet) => {
    const shutdown = () => void devnet.stop().then(() => process.exit(0));
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
    process.on('SIGHUP', shutdown);
    stopWhenOrphaned(shutdown, (line) => console.log(`[devnet] ${line}`));
  })
  .catch((err: Error) => {
    console.error(`[devnet] ${err.message}`);
    process.exit(1);
  });
