// Turns what the node returned for one block into the records we store. Pure: no I/O.
import type { BlockBundle } from '../activity/activity-store.service';
import type { TokenEventRecord } from '../activity/schemas/token-event.schema';
import { classifyTransfer, decodeErc721Transfer, type LogLike, type WatchedRole } from './erc721-decoder';

export interface RawTransaction {
  hash: string;
  from: string;
  to: string | null;
  value: bigint;
}

export interface RawBlock {
  number: number;
  hash: string;
  parentHash: string;
  timestamp: number;
  gasUsed: bigint;
  transactions: readonly RawTransaction[];
  /** The header's 2048-bit logs bloom (0x + 512 hex digits); absent when the node sent none. */
  logsBloom?: string;
}

export interface RawLog extends LogLike {
  transactionHash: string;
  logIndex: number;
  blockHash: string;
  blockNumber?: number;
  removed?: boolean;
}

/** Watched contract address (lower case) → its role. */
export type WatchedContracts = ReadonlyMap<string, WatchedRole>;

export function decodeBlock(block: RawBlock, logs: readonly RawLog[], watched: WatchedContracts): BlockBundle {
  const when = new Date(block.timestamp * 1000);
  const transactions = block.transactions
    .filter((tx) => watched.has(tx.from.toLowerCase()) || (tx.to !== null && watched.has(tx.to.toLowerCase())))
    .map((tx) => ({
      hash: tx.hash,
      blockNumber: block.number,
      blockHash: block.hash,
      from: tx.from.toLowerCase(),
      // A contract creation has no `to`; only a watched contract's own deployment gets here.
      to: (tx.to ?? tx.from).toLowerCase(),
      value: tx.value.toString(),
      timestamp: when,
    }));

  const tokenEvents: TokenEventRecord[] = [];
  for (const log of logs) {
    // Logs of another block (a provider answering for a stale hash) or removed by a reorg are not ours.
    if (log.removed || log.blockHash !== block.hash) continue;
    const role = watched.get(log.address.toLowerCase());
    if (!role) continue;
    const transfer = decodeErc721Transfer(log);
    if (!transfer) continue;
    const event = classifyTransfer(role, transfer);
    if (!event) continue;
    tokenEvents.push({
      kind: event.kind,
      contract: log.address.toLowerCase(),
      txHash: log.transactionHash,
      logIndex: log.logIndex,
      blockNumber: block.number,
      blockHash: block.hash,
      address: event.address,
      tokenId: transfer.tokenId.toString(),
      timestamp: when,
    });
  }
  tokenEvents.sort((a, b) => a.logIndex - b.logIndex);

  return {
    block: {
      number: block.number,
      hash: block.hash,
      parentHash: block.parentHash,
      timestamp: block.timestamp,
      transactionCount: block.transactions.length,
      gasUsed: Number(block.gasUsed),
    },
    transactions,
    tokenEvents,
  };
}
