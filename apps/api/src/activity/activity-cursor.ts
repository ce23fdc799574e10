// Pure ordering of the activity feed and its opaque cursor.
import type { ActivityType } from '@aura/events';

/**
 * Feed order, newest first: by block, then within a block token events, transactions, then the block
 * itself, then by stored _id. A cursor is the position of the last item a page returned.
 */
export interface FeedPosition {
  blockNumber: number;
  rank: number;
  id: string;
}

export const RANK: Record<ActivityType, number> = {
  badge_minted: 3,
  passport_issued: 3,
  badge_revoked: 3,
  transaction: 2,
  block: 1,
};

/** Descending comparison: negative when `a` comes first (is newer). */
export function compareFeed(a: FeedPosition, b: FeedPosition): number {
  return b.blockNumber - a.blockNumber || b.rank - a.rank || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

export function encodeCursor(p: FeedPosition): string {
  return Buffer.from(JSON.stringify([p.blockNumber, p.rank, p.id])).toString('base64url');
}

/** The position in a cursor, or null when it is not one this API gave out. */
export function decodeCursor(cursor: string): FeedPosition | null {
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(cursor)) return null;
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(v) || v.length !== 3) return null;
    const [blockNumber, rank, id] = v as unknown[];
    if (!Number.isSafeInteger(blockNumber) || (blockNumber as number) < 0) return null;
    if (rank !== 1 && rank !== 2 && rank !== 3) return null;
    if (typeof id !== 'string' || id.length === 0 || id.length > 200) return null;
    return { blockNumber: blockNumber as number, rank, id };
  } catch {
    return null;
  }
}

/**
 * The MongoDB filter for the rows of one collection (all of one `rank`) that come after `cursor` in
 * feed order: plain field comparisons that MongoDB and FerretDB both run.
 */
export function afterCursorFilter(
  cursor: FeedPosition | null,
  rank: number,
  blockField: string,
): Record<string, unknown> {
  if (!cursor) return {};
  if (rank < cursor.rank) return { [blockField]: { $lte: cursor.blockNumber } };
  if (rank > cursor.rank) return { [blockField]: { $lt: cursor.blockNumber } };
  return {
    $or: [{ [blockField]: { $lt: cursor.blockNumber } }, { [blockField]: cursor.blockNumber, _id: { $lt: cursor.id } }],
  };
}
