// Stored rows → the public wire shapes (the same `data` as the WebSocket events). Pure.
import type { ActivityItem, BadgeMintedData, NewBlockData, NewTransactionData } from '@aura/events';

import { compareFeed, RANK } from './activity-cursor';
import type { BlockRecord } from './schemas/block.schema';
import type { ContractTransactionRecord } from './schemas/contract-transaction.schema';
import type { TokenEventRecord } from './schemas/token-event.schema';

type Stored<T> = T & { _id?: unknown };

export function blockData(b: BlockRecord): NewBlockData {
  return {
    number: b.number,
    hash: b.hash,
    timestamp: b.timestamp,
    transactions: b.transactionCount,
    gasUsed: b.gasUsed,
    parentHash: b.parentHash,
  };
}

export function transactionData(t: ContractTransactionRecord): NewTransactionData {
  return {
    hash: t.hash,
    from: t.from,
    to: t.to,
    value: t.value,
    timestamp: new Date(t.timestamp).toISOString(),
    blockNumber: t.blockNumber,
  };
}

export function blockItem(b: Stored<BlockRecord>): ActivityItem {
  return {
    type: 'block',
    id: String(b._id ?? b.hash),
    blockNumber: b.number,
    timestamp: new Date(b.timestamp * 1000).toISOString(),
    data: blockData(b),
  };
}

export function transactionItem(t: Stored<ContractTransactionRecord>): ActivityItem {
  return {
    type: 'transaction',
    id: String(t._id ?? t.hash),
    blockNumber: t.blockNumber,
    timestamp: new Date(t.timestamp).toISOString(),
    data: transactionData(t),
  };
}

/** The `data` of badge_minted, passport_issued and badge_revoked alike. */
export function tokenEventData(e: TokenEventRecord): BadgeMintedData {
  return { txHash: e.txHash, address: e.address, blockNumber: e.blockNumber, tokenId: e.tokenId, logIndex: e.logIndex };
}

/** Null for kinds the feed does not list (a passport burn). */
export function tokenEventItem(e: Stored<TokenEventRecord>): ActivityItem | null {
  if (e.kind === 'passport_revoked') return null;
  return {
    type: e.kind,
    id: String(e._id ?? `${e.txHash}:${e.logIndex}`),
    blockNumber: e.blockNumber,
    timestamp: new Date(e.timestamp).toISOString(),
    data: tokenEventData(e),
  };
}

/** The items of the kinds the feed lists. */
export function tokenEventItems(rows: readonly Stored<TokenEventRecord>[]): ActivityItem[] {
  return rows.map(tokenEventItem).filter((i): i is ActivityItem => i !== null);
}

export function feedPosition(item: ActivityItem): { blockNumber: number; rank: number; id: string } {
  return { blockNumber: item.blockNumber, rank: RANK[item.type], id: item.id };
}

/** Sort comparator for feed order (newest first). */
export function byFeedOrder(a: ActivityItem, b: ActivityItem): number {
  return compareFeed(feedPosition(a), feedPosition(b));
}
