// `npm run bench:backfill`: a cold backfill of a pre-mined chain, batched (the default) beside the naive
// one-block-at-a-time way, both through the built API process. Prints blocks/s and the API's peak RSS.
// Loopback only; stops by itself.
import { Interface, type InterfaceAbi } from 'ethers';

import { AURA_BADGE } from '@aura/contracts';
import { waitFor } from '@aura/tools/stack/processes';

import { machineLine, rssMb, startBenchApi, startBenchStack } from './support';

const BLOCKS = Number(process.env['BENCH_BLOCKS'] ?? 5000);
/** One block in ACTIVITY_EVERY carries a badge mint. */
const ACTIVITY_EVERY = Number(process.env['BENCH_ACTIVITY_EVERY'] ?? 2);
const MINTER = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266';

async function main(): Promise<void> {
  const stack = await startBenchStack();
  const { node, contracts } = stack;
  try {
    const badge = new Interface(AURA_BADGE.abi as InterfaceAbi);
    console.log(`pre-mining ${BLOCKS} blocks, a badge mint in 1 of ${ACTIVITY_EVERY}…`);
    const t0 = Date.now();
    let mints = 0;
    while (Number(await node.rpc<string>('eth_blockNumber')) < BLOCKS) {
      const to = `0x${(mints + 1).toString(16).padStart(40, '0')}`;
      await node.rpc('eth_sendTransaction', [
        { from: MINTER, to: contracts.badge, data: badge.encodeFunctionData('mint', [to]), gas: '0x40000' },
      ]);
      mints++;
      if (ACTIVITY_EVERY > 1) await node.rpc('hardhat_mine', [`0x${(ACTIVITY_EVERY - 1).toString(16)}`]);
    }
    const head = Number(await node.rpc<string>('eth_blockNumber'));
    console.log(`chain ready: ${head} blocks, ${mints} mints (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);

    const results: { mode: string; seconds: number; rate: number; rss: number }[] = [];
    for (const [mode, batch] of [
      ['batched (BACKFILL_BATCH_BLOCKS=50)', '50'],
      ['naive, one block at a time', '1'],
    ] as const) {
      const started = Date.now();
      const api = await startBenchApi(stack, {
        DB_NAME: `bench_${batch}_${Date.now()}`,
        START_BLOCK: '0',
        POLL_INTERVAL_MS: '100',
        BACKFILL_BATCH_BLOCKS: batch,
      });
      await waitFor(
        `backfill (${mode})`,
        async () => (await (await fetch(`${api.url}/api/monitor/health`)).json()).chain.lastProcessed === head,
        600_000,
        api.proc,
      );
      const seconds = (Date.now() - started) / 1000;
      results.push({
        mode,
        seconds,
        rate: (head + 1) / seconds,
        rss: Math.round(rssMb(api.proc.child.pid as number, 'VmHWM')),
      });
      await api.proc.stop();
    }

    console.log(machineLine());
    console.log(`cold backfill of ${head + 1} blocks with ${mints} badge mints (API boot included):\n`);
    console.log('| mode | seconds | blocks/s | peak RSS (MiB) |');
    console.log('| --- | ---: | ---: | ---: |');
    for (const r of results) console.log(`| ${r.mode} | ${r.seconds.toFixed(1)} | ${r.rate.toFixed(0)} | ${r.rss} |`);
  } finally {
    await stack.stop();
  }
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
