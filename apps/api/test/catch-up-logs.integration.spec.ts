// Catch-up (more than 32 blocks behind: batched blocks, ranged eth_getLogs) against a node that answers
// badly: logs missing from a ranged answer, blocks it lacks below its own head, a lagging backend.
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';

import { TRANSFER_TOPIC } from '../src/chain/erc721-decoder';
import { bloomMayContain, bloomQuery } from '../src/chain/logs-bloom';
import { ChainActions, randomAddress } from './support/chain-actions';
import { type ProxiedCall, RpcProxy } from './support/rpc-proxy';
import { eventually, startApi, startTestStack, type TestStack } from './support/test-stack';
import { WsRecorder } from './support/ws-recorder';

const CATCH_UP_BLOCKS = 60;
const hex = (n: number) => `0x${n.toString(16)}`;
const heightOf = (call: ProxiedCall) => Number(call.params[0]);

describe('catch-up cannot miss logs (real FerretDB + Hardhat, RPC through a proxy)', () => {
  let stack: TestStack;
  let chain: ChainActions;
  let proxy: RpcProxy;
  let api: { app: INestApplication; url: string; wsUrl: string };

  const env = () => ({ POLYGON_RPC_URL: proxy.url, POLL_INTERVAL_MS: '100', BACKFILL_BATCH_BLOCKS: '50' });
  const health = async () => (await request(api.url).get('/api/monitor/health')).body;
  const head = async () => Number(await stack.node.rpc<string>('eth_blockNumber'));
  const waitProcessed = (n: number, timeoutMs = 60_000) =>
    eventually(async () => expect((await health()).chain.lastProcessed).toBe(n), timeoutMs);
  const nodeBlock = (n: number) =>
    stack.node.rpc<{ hash: string; logsBloom: string }>('eth_getBlockByNumber', [hex(n), false]);
  const storedHashes = async () =>
    (await stack.mongo.collection('blocks').find().sort({ number: 1 }).toArray()).map((b) => [b['number'], b['hash']]);

  /** Stops the API, mines CATCH_UP_BLOCKS blocks with a mint each; returns the stored head and the node's head. */
  async function fallBehind(): Promise<{ stored: number; target: number }> {
    await api.app.close();
    const tip = await stack.mongo.collection('blocks').find().sort({ number: -1 }).limit(1).next();
    const stored = tip?.['number'] as number;
    for (let i = 0; i < CATCH_UP_BLOCKS; i++) await chain.sendMint(randomAddress());
    return { stored, target: await head() };
  }

  /** Every stored block is the node's, and every mint on the chain is stored once. */
  async function expectStoreEqualsChain(): Promise<void> {
    for (const [number, hash] of await storedHashes()) expect(hash).toBe((await nodeBlock(number as number)).hash);
    const minted = Number(await chain.badge.getFunction('totalMinted')());
    expect(await stack.mongo.collection('token_events').countDocuments({ kind: 'badge_minted' })).toBe(minted);
    expect((await request(api.url).get('/api/monitor/stats').expect(200)).body.total_badges).toBe(minted);
  }

  beforeAll(async () => {
    stack = await startTestStack();
    chain = new ChainActions(stack.node.rpcUrl, stack.contracts);
    proxy = await RpcProxy.start(stack.node.rpcUrl);
    api = await startApi(stack, env());
    await waitProcessed(await head());
  });

  afterEach(() => {
    proxy.rewrite = null;
  });

  afterAll(async () => {
    await api?.app.close();
    await proxy?.down();
    chain?.close();
    await stack?.stop();
  });

  it("a real block's logsBloom announces its mint for the badge contract, not for the passport", async () => {
    const { blockNumber } = await chain.mintBadge(randomAddress());
    const bloom = (await nodeBlock(blockNumber)).logsBloom;
    expect(bloomMayContain(bloom, bloomQuery([stack.contracts.badge.toLowerCase()], TRANSFER_TOPIC))).toBe(true);
    expect(bloomMayContain(bloom, bloomQuery([stack.contracts.passport.toLowerCase()], TRANSFER_TOPIC))).toBe(false);
    await waitProcessed(await head());
  });

  it('reads again, by block hash, the logs of a block that a ranged eth_getLogs left out', async () => {
    const { stored, target } = await fallBehind();
    const victim = stored + 10; // in the first range of the catch-up
    let dropped = 0;
    let byHash = 0;
    proxy.rewrite = (call, result) => {
      if (call.method !== 'eth_getLogs' || !Array.isArray(result)) return result;
      const filter = call.params[0] as { fromBlock?: string; blockHash?: string };
      if (filter.blockHash) byHash++;
      if (!filter.fromBlock) return result;
      // A backend one block behind answers [] for the block it has not seen: the range comes back short.
      const kept = result.filter((log: { blockNumber: string }) => Number(log.blockNumber) !== victim);
      if (kept.length < result.length) dropped++;
      return kept;
    };
    api = await startApi(stack, env());
    await waitProcessed(target);
    expect(dropped).toBeGreaterThan(0);
    expect(byHash).toBeGreaterThan(0);
    expect(await stack.mongo.collection('token_events').countDocuments({ blockNumber: victim })).toBe(1);
    await expectStoreEqualsChain();
  });

  it('ends the tick and backs off while the node lacks the first block of a range, then catches up', async () => {
    const { stored, target } = await fallBehind();
    const lacked = stored + 1;
    let lacking = true;
    let ticks = 0;
    let asked = 0;
    proxy.rewrite = (call, result) => {
      if (call.method === 'eth_blockNumber') ticks++;
      if (call.method !== 'eth_getBlockByNumber' || !lacking) return result;
      const height = heightOf(call);
      if (height === lacked) asked++;
      // A node failed over to that is behind the head it reports: null from the range's first block on.
      return height >= lacked ? null : result;
    };
    api = await startApi(stack, env());
    // Count calls, not time: over 40 polls, a tight loop would ask for the block thousands of times, one
    // try per poll 40 times; an exponential back-off a handful.
    await eventually(() => {
      if (asked > 15) return;
      expect(ticks).toBeGreaterThanOrEqual(40);
    }, 120_000);
    expect(asked).toBeLessThanOrEqual(15);
    expect(asked).toBeGreaterThanOrEqual(2);
    expect((await health()).chain.lastProcessed).toBe(stored);
    lacking = false;
    await waitProcessed(target, 90_000);
    await expectStoreEqualsChain();
  });

  it('a lagging backend (null hashes above its head) met on the catch-up path removes nothing', async () => {
    const { stored, target } = await fallBehind();
    const before = await storedHashes();
    const lagHead = stored - 3;
    const otherParent = `0x${'ab'.repeat(32)}`;
    let lagging = true;
    let hashLookups = 0;
    proxy.rewrite = (call, result) => {
      if (call.method !== 'eth_getBlockByNumber' || !lagging || result === null) return result;
      const height = heightOf(call);
      const withTransactions = call.params[1] === true;
      // The first block of the range comes from a backend on another branch (another parent), so the
      // follower looks for the fork point; the hash lookups reach a backend that lags below our tip.
      if (withTransactions && height === stored + 1) return { ...(result as object), parentHash: otherParent };
      if (!withTransactions && height > lagHead) {
        hashLookups++;
        return null;
      }
      return result;
    };
    const ws = await WsRecorder.open((api = await startApi(stack, env())).wsUrl);
    await eventually(() => expect(hashLookups).toBeGreaterThanOrEqual(3), 60_000);
    expect((await health()).chain.lastReorg).toBeNull();
    expect(await storedHashes()).toEqual(before);
    lagging = false;
    await waitProcessed(target, 90_000);
    expect((await health()).chain.lastReorg).toBeNull();
    expect(ws.ofType('reorg')).toHaveLength(0);
    expect((await storedHashes()).slice(0, before.length)).toEqual(before);
    await expectStoreEqualsChain();
    ws.close();
  });
});
