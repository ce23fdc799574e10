// `npm run bench:dashboard`: the built dashboard in Debian's Chromium (headless) under a burst of live
// events: badge mints sent as fast as a target rate allows (each gives new_block, new_transaction,
// badge_minted frames and stats). Prints events/s reached, frames per second, long tasks (> 50 ms) and
// the JS heap before and after, so "smooth at 50 events/s" and "no growth" are measured, not assumed.
import { join } from 'node:path';

import { Interface, type InterfaceAbi } from 'ethers';
import { chromium } from 'playwright-core';

import { AURA_BADGE } from '@aura/contracts';
import { REPO_ROOT } from '@aura/tools/stack/ferretdb';
import { freePort } from '@aura/tools/stack/processes';
import { serveStatic } from '@aura/tools/stack/static-server';

import { machineLine, startBenchApi, startBenchStack } from './support';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 30);
/** Mints per second; each mint gives three events (block, transaction, badge) plus stats. */
const MINTS_PER_SECOND = Number(process.env['BENCH_MINTS_PER_SECOND'] ?? 17);
const MINTER = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266';

interface PageFigures {
  frames: number;
  longTasks: number;
  longTaskMs: number;
  events: number;
  heapMb: number;
}

async function main(): Promise<void> {
  const stack = await startBenchStack();
  const webPort = await freePort();
  const api = await startBenchApi(stack, {
    POLL_INTERVAL_MS: '100',
    CORS_ORIGINS: `http://127.0.0.1:${webPort}`,
    LOG_LEVEL: 'warn',
    POLYGON_WS_URL: stack.node.wsUrl,
  });
  const web = await serveStatic({
    root: join(REPO_ROOT, 'dist/apps/dashboard/browser'),
    port: webPort,
    config: { backendUrl: api.url, explorerUrl: '' },
  });
  const browser = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--enable-precise-memory-info',
      '--js-flags=--expose-gc',
    ],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await page.goto(web.url);
    await page.getByTestId('connection-state').filter({ hasText: 'Live' }).waitFor({ timeout: 30_000 });
    // Count frames, long tasks and received events inside the page.
    await page.evaluate(() => {
      const w = window as unknown as { __bench: PageFigures };
      w.__bench = { frames: 0, longTasks: 0, longTaskMs: 0, events: 0, heapMb: 0 };
      const tick = () => {
        w.__bench.frames++;
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          w.__bench.longTasks++;
          w.__bench.longTaskMs += e.duration;
        }
      }).observe({ type: 'longtask', buffered: false });
    });
    const heap = async () =>
      page.evaluate(() => {
        (globalThis as unknown as { gc?: () => void }).gc?.();
        return (
          ((performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0) / 2 ** 20
        );
      });
    const heapBefore = await heap();

    const badge = new Interface(AURA_BADGE.abi as InterfaceAbi);
    const started = Date.now();
    let mints = 0;
    let heapMid: number | null = null;
    while (Date.now() - started < SECONDS * 1000) {
      // Once the feeds are full (50 items each), the heap must stay flat: sample it half-way.
      if (heapMid === null && Date.now() - started > (SECONDS * 1000) / 2) heapMid = await heap();
      const due = Math.floor(((Date.now() - started) / 1000) * MINTS_PER_SECOND);
      while (mints < due) {
        const to = `0x${(0x5000 + mints).toString(16).padStart(40, '0')}`;
        await stack.node.rpc('eth_sendTransaction', [
          { from: MINTER, to: stack.contracts.badge, data: badge.encodeFunctionData('mint', [to]), gas: '0x40000' },
        ]);
        mints++;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    const elapsed = (Date.now() - started) / 1000;
    await page.waitForTimeout(2_000);
    const figures = await page.evaluate(() => (window as unknown as { __bench: PageFigures }).__bench);
    const heapAfter = await heap();
    const shownBlock = Number(await page.getByTestId('block-number').textContent());
    const head = Number(await stack.node.rpc<string>('eth_blockNumber'));

    console.log(machineLine());
    console.log(`Chromium headless, 1440×1000, ${elapsed.toFixed(0)} s of bursts\n`);
    console.log(
      `events sent to the page : ~${((mints * 3) / elapsed).toFixed(0)}/s (${mints} mints × block, transaction, badge; plus stats)`,
    );
    console.log(`frames painted          : ${(figures.frames / (elapsed + 2)).toFixed(0)} fps (rAF callbacks)`);
    console.log(`long tasks (> 50 ms)    : ${figures.longTasks}, ${figures.longTaskMs.toFixed(0)} ms in total`);
    console.log(
      `JS heap after GC        : ${heapBefore.toFixed(1)} MB before, ${heapMid?.toFixed(1)} MB half-way, ${heapAfter.toFixed(1)} MB at the end`,
    );
    console.log(`page shows block ${shownBlock}, chain head ${head}`);
  } finally {
    await browser.close();
    await web.close();
    await api.proc.stop();
    await stack.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
