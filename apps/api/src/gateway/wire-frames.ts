// Maps stored records to the public wire frames (the seed's shapes plus added optional fields).
import type { AnyServerFrame, BroadcastEventType, MonitorStats, StatsUpdateData } from '@aura/events';

import type { BlockBundle } from '../activity/activity-store.service';
import { blockData, tokenEventData, transactionData } from '../activity/wire-shapes';

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

/** The block an event belongs to (null for stats, reorg and status frames). */
export function blockOf(frame: BroadcastFrame): number | null {
  switch (frame.type) {
    case 'new_block':
      return frame.data.number;
    case 'new_transaction':
      return frame.data.blockNumber ?? null;
    case 'badge_minted':
    case 'badge_revoked':
    case 'passport_issued':
      return frame.data.blockNumber;
    default:
      return null;
  }
}

/** The frames of one stored block, mapped by the store's one row → wire mapper (activity/wire-shapes). */
export function framesForBlock(bundle: BlockBundle): BroadcastFrame[] {
  const frames: BroadcastFrame[] = [{ type: 'new_block', data: blockData(bundle.block) }];
  for (const tx of bundle.transactions) frames.push({ type: 'new_transaction', data: transactionData(tx) });
  for (const e of bundle.tokenEvents) {
    const data = tokenEventData(e);
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
