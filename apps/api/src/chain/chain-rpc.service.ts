import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { FetchRequest, JsonRpcProvider, Network } from 'ethers';

import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.provider';
import type { RawBlock, RawLog } from './block-decoder';

/** Per-call timeout: a node that hangs must not stall the follower for ethers' default 5 minutes. */
const RPC_TIMEOUT_MS = 10_000;

/**
 * The follower's view of the node: only what it needs, in plain types (no ethers objects leak out).
 * Failover across several URLs, retries and backoff arrive with the ingestion engine issue; for now
 * the first URL of POLYGON_RPC_URL is used and a failed call fails the tick, which is retried.
 */
@Injectable()
export class ChainRpc implements OnModuleDestroy {
  private readonly logger = new Logger(ChainRpc.name);
  private readonly provider: JsonRpcProvider;
  readonly url: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.url = config.rpcUrls[0] as string;
    const request = new FetchRequest(this.url);
    request.timeout = RPC_TIMEOUT_MS;
    // A static network skips ethers' background chain detection, which retries forever when the node
    // is down and logs noise. The chain id is checked explicitly by chainId().
    const network = config.chainId === null ? undefined : Network.from(config.chainId);
    this.provider = new JsonRpcProvider(request, network, {
      staticNetwork: network ?? true,
      polling: false,
      batchMaxCount: 1,
    });
  }

  async chainId(): Promise<number> {
    return Number(await this.provider.send('eth_chainId', []));
  }

  async headNumber(): Promise<number> {
    return Number(await this.provider.send('eth_blockNumber', []));
  }

  /** The block at `number` with its transactions, or null when the node does not have it (yet). */
  async blockByNumber(number: number): Promise<RawBlock | null> {
    const raw = await this.provider.send('eth_getBlockByNumber', [`0x${number.toString(16)}`, true]);
    return raw ? toRawBlock(raw) : null;
  }

  /** Logs of one block, by hash: a number could name another block after a reorg. */
  async logsOfBlock(blockHash: string, addresses: string[], topic0: string): Promise<RawLog[]> {
    if (!addresses.length) return [];
    const raw = (await this.provider.send('eth_getLogs', [{ blockHash, address: addresses, topics: [topic0] }])) as RpcLog[];
    return raw.map((l) => ({
      address: l.address,
      topics: l.topics,
      data: l.data,
      transactionHash: l.transactionHash,
      logIndex: Number(l.logIndex),
      blockHash: l.blockHash,
      removed: l.removed === true,
    }));
  }

  onModuleDestroy(): void {
    this.provider.destroy();
    this.logger.debug('RPC provider closed');
  }
}

interface RpcTransaction {
  hash: string;
  from: string;
  to: string | null;
  value: string;
}
interface RpcBlock {
  number: string;
  hash: string;
  parentHash: string;
  timestamp: string;
  gasUsed: string;
  transactions: RpcTransaction[];
}
interface RpcLog {
  address: string;
  topics: string[];
  data: string;
  transactionHash: string;
  logIndex: string;
  blockHash: string;
  removed?: boolean;
}

function toRawBlock(b: RpcBlock): RawBlock {
  return {
    number: Number(b.number),
    hash: b.hash,
    parentHash: b.parentHash,
    timestamp: Number(b.timestamp),
    gasUsed: BigInt(b.gasUsed),
    transactions: b.transactions.map((t) => ({ hash: t.hash, from: t.from, to: t.to, value: BigInt(t.value) })),
  };
}
