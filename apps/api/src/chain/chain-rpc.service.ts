import { Inject, Injectable, Logger } from '@nestjs/common';

import { ADDRESS_RE, HASH_RE } from '@aura/events';

import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.provider';
import { MonitorMetrics } from '../metrics/monitor-metrics.service';
import type { RawBlock, RawLog } from './block-decoder';
import { isLogsBloom } from './logs-bloom';
import { type EndpointState, JsonRpcClient, RpcError } from './rpc/json-rpc-client';

const QUANTITY_RE = /^0x[0-9a-fA-F]+$/;

/**
 * The follower's view of the node, in plain types. Every answer is checked: a malformed one (a broken
 * proxy, a provider bug) is a retryable RpcError, never a crash and never stored.
 */
@Injectable()
export class ChainRpc {
  private readonly logger = new Logger(ChainRpc.name);
  private readonly client: JsonRpcClient;
  /** The endpoints' names (labels or scheme and host), for logs. */
  readonly names: string[];

  constructor(@Inject(APP_CONFIG) config: AppConfig, metrics: MonitorMetrics) {
    this.names = config.rpcEndpoints.map((e) => e.name);
    this.client = new JsonRpcClient(config.rpcEndpoints, {
      timeoutMs: config.rpcTimeoutMs,
      onAttemptFailed: ({ endpoint, method, attempt, error }) =>
        this.logger.debug(`${method} on ${endpoint} failed (attempt ${attempt + 1}): ${error.message}`),
      onAttempt: ({ method, seconds, ok }) => metrics.observeRpc(method, seconds, ok),
    });
  }

  endpoints(): EndpointState[] {
    return this.client.endpointStates();
  }

  async chainId(): Promise<number> {
    return quantity(await this.client.call('eth_chainId'), 'eth_chainId');
  }

  async headNumber(): Promise<number> {
    return quantity(await this.client.call('eth_blockNumber'), 'eth_blockNumber');
  }

  /** The `finalized` block number, or null when the node does not know the tag. */
  async finalizedNumber(): Promise<number | null> {
    try {
      const block = await this.client.call<{ number?: string } | null>('eth_getBlockByNumber', ['finalized', false]);
      return block?.number ? quantity(block.number, 'finalized') : null;
    } catch (err) {
      if (err instanceof RpcError && !err.retryable) return null;
      throw err;
    }
  }

  /** The block at `number` with its transactions, or null when the node does not have it (yet). */
  async blockByNumber(number: number): Promise<RawBlock | null> {
    const raw = await this.client.call<unknown>('eth_getBlockByNumber', [hex(number), true]);
    return raw === null ? null : toRawBlock(raw, number);
  }

  /** Several blocks in one batched request (backfill). Missing blocks come back as null. */
  async blocksByNumbers(numbers: number[]): Promise<(RawBlock | null)[]> {
    const raws = await this.client.batch<unknown>(
      numbers.map((n) => ({ method: 'eth_getBlockByNumber', params: [hex(n), true] })),
    );
    return raws.map((raw, i) => (raw === null ? null : toRawBlock(raw, numbers[i] as number)));
  }

  /** Block hashes only, batched (reorg resolution compares hashes). */
  async hashesByNumbers(numbers: number[]): Promise<(string | null)[]> {
    const raws = await this.client.batch<{ hash?: unknown } | null>(
      numbers.map((n) => ({ method: 'eth_getBlockByNumber', params: [hex(n), false] })),
    );
    return raws.map((raw) => {
      if (raw === null) return null;
      if (typeof raw?.hash !== 'string' || !HASH_RE.test(raw.hash))
        throw new RpcError('eth_getBlockByNumber: malformed block hash', true);
      return raw.hash;
    });
  }

  /** Logs of one block, by hash: a number could name another block after a reorg. */
  async logsOfBlock(blockHash: string, addresses: string[], topic0: string): Promise<RawLog[]> {
    if (!addresses.length) return [];
    const raw = await this.client.call<unknown>('eth_getLogs', [{ blockHash, address: addresses, topics: [topic0] }]);
    return toRawLogs(raw);
  }

  /** Logs of several blocks by hash, in one batched request; one list per hash, in order. */
  async logsOfBlocks(blockHashes: string[], addresses: string[], topic0: string): Promise<RawLog[][]> {
    if (!addresses.length || !blockHashes.length) return blockHashes.map(() => []);
    const raws = await this.client.batch<unknown>(
      blockHashes.map((blockHash) => ({
        method: 'eth_getLogs',
        params: [{ blockHash, address: addresses, topics: [topic0] }],
      })),
    );
    return raws.map(toRawLogs);
  }

  /** Logs of a block range (backfill). May throw a range-too-large RpcError: the caller halves it. */
  async logsInRange(from: number, to: number, addresses: string[], topic0: string): Promise<RawLog[]> {
    if (!addresses.length) return [];
    const raw = await this.client.call<unknown>('eth_getLogs', [
      { fromBlock: hex(from), toBlock: hex(to), address: addresses, topics: [topic0] },
    ]);
    return toRawLogs(raw);
  }
}

const hex = (n: number) => `0x${n.toString(16)}`;

function quantity(value: unknown, what: string): number {
  if (typeof value !== 'string' || !QUANTITY_RE.test(value))
    throw new RpcError(`${what}: malformed quantity ${JSON.stringify(value)}`, true);
  return Number(value);
}

function bigQuantity(value: unknown, what: string): bigint {
  quantity(value, what);
  return BigInt(value as string);
}

function toRawBlock(raw: unknown, expectedNumber: number): RawBlock {
  const b = raw as Record<string, unknown>;
  const bad = (why: string) => new RpcError(`eth_getBlockByNumber(${expectedNumber}): malformed block (${why})`, true);
  if (typeof b !== 'object' || b === null) throw bad('not an object');
  if (typeof b['hash'] !== 'string' || !HASH_RE.test(b['hash'])) throw bad('hash');
  if (typeof b['parentHash'] !== 'string' || !HASH_RE.test(b['parentHash'])) throw bad('parentHash');
  const number = quantity(b['number'], 'block number');
  if (number !== expectedNumber) throw bad(`number ${number}`);
  if (!Array.isArray(b['transactions'])) throw bad('transactions');
  const logsBloom = b['logsBloom'];
  if (logsBloom !== undefined && logsBloom !== null && !isLogsBloom(logsBloom)) throw bad('logsBloom');
  const transactions = (b['transactions'] as Record<string, unknown>[]).map((t) => {
    if (
      typeof t !== 'object' ||
      t === null ||
      typeof t['hash'] !== 'string' ||
      typeof t['from'] !== 'string' ||
      !ADDRESS_RE.test(t['from'])
    ) {
      throw bad('transaction');
    }
    const to = t['to'];
    if (to !== null && to !== undefined && (typeof to !== 'string' || !ADDRESS_RE.test(to)))
      throw bad('transaction.to');
    return {
      hash: t['hash'],
      from: t['from'],
      to: (to as string | null | undefined) ?? null,
      value: bigQuantity(t['value'], 'value'),
    };
  });
  return {
    number,
    hash: b['hash'],
    parentHash: b['parentHash'],
    timestamp: quantity(b['timestamp'], 'timestamp'),
    gasUsed: bigQuantity(b['gasUsed'], 'gasUsed'),
    transactions,
    ...(isLogsBloom(logsBloom) ? { logsBloom } : {}),
  };
}

function toRawLogs(raw: unknown): RawLog[] {
  if (!Array.isArray(raw)) throw new RpcError('eth_getLogs: answer is not an array', true);
  return raw.map((l: Record<string, unknown>) => {
    if (
      typeof l !== 'object' ||
      l === null ||
      typeof l['address'] !== 'string' ||
      !Array.isArray(l['topics']) ||
      typeof l['blockHash'] !== 'string'
    ) {
      throw new RpcError('eth_getLogs: malformed log', true);
    }
    return {
      address: l['address'],
      topics: (l['topics'] as unknown[]).map(String),
      data: String(l['data'] ?? '0x'),
      transactionHash: String(l['transactionHash']),
      logIndex: quantity(l['logIndex'], 'logIndex'),
      blockHash: l['blockHash'],
      blockNumber: quantity(l['blockNumber'], 'log blockNumber'),
      removed: l['removed'] === true,
    };
  });
}
