// Maps stored records to the public wire frames (the seed's shapes plus added optional fields).
import type { AnyServerFrame, BroadcastEventType, MonitorStats, StatsUpdateData } from '@aura/events';

/** A frame that goes to subscribers (not a control frame). */
export type BroadcastFrame = Extract<AnyServerFrame, { type: BroadcastEventType }>;

/** The addresses an event involves, for address filters. */
export function addressesOf(frame: BroadcastFrame): string[] {
  switch (frame.type) {
    case 'new_transaction':
      return [frame.data.from, frame.data.to];
    case 'badge_minted':
    case 'badge_revoked':
    case 'passport_issued':
      return [frame.data.address];
    default:
      return [];
  }
}

import type { BlockBundle } from '../activity/activity-store.service';

export function framesForBlock(bundle: BlockBundle): BroadcastFrame[] {
  const { block } = bundle;
  const frames: BroadcastFrame[] = [
    {
      type: 'new_block',
      data: {
        number: block.number,
        hash: block.hash,
        timestamp: block.timestamp,
        transactions: block.transactionCount,
        gasUsed: block.gasUsed,
        parentHash: block.parentHash,
      },
    },
  ];
  for (const tx of bundle.transactions) {
    frames.push({
      type: 'new_transaction',
      data: {
        hash: tx.hash,
        from: tx.from,
        to: tx.to,
        value: tx.value,
        timestamp: tx.timestamp.toISOString(),
        blockNumber: tx.blockNumber,
      },
    });
  }
  for (const e of bundle.tokenEvents) {
    const data = {
      txHash: e.txHash,
      address: e.address,
      blockNumber: e.blockNumber,
      tokenId: e.tokenId,
      logIndex: e.logIndex,
    };
    if (e.kind === 'badge_minted') frames.push({ type: 'badge_minted', data });
    else if (e.kind === 'badge_revoked') frames.push({ type: 'badge_revoked', data });
    else if (e.kind === 'passport_issued') frames.push({ type: 'passport_issued', data });
  }
  return frames;
}

/** The seed's four stats fields, exactly: the REST answer carries more, the frame does not. */
export function toStatsUpdate(s: MonitorStats): StatsUpdateData {
  return {
    total_users: s.total_users,
    total_badges: s.total_badges,
    total_passports: s.total_passports,
    recent_badges_24h: s.recent_badges_24h,
  };
}
