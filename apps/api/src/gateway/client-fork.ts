import type { BlockRefData } from '@aura/events';

/** Where a resuming client's blocks leave the stored chain. */
export interface ClientFork {
  /** The newest of the client's blocks still stored (null: none of those it sent is). */
  ancestor: BlockRefData | null;
  /** The client's blocks above it that are no longer stored, newest first (never empty). */
  stale: BlockRefData[];
}

/**
 * Checks a resuming client's newest blocks against the store, newest first, and stops at the first one
 * still stored: usually the first (no reorg while it was away: one lookup, and null). The caller's
 * `isStored` compares number and hash.
 */
export async function findClientFork(
  blocks: readonly BlockRefData[],
  isStored: (ref: BlockRefData) => Promise<boolean>,
): Promise<ClientFork | null> {
  const stale: BlockRefData[] = [];
  for (const ref of [...blocks].sort((a, b) => b.number - a.number)) {
    if (await isStored(ref)) return stale.length ? { ancestor: ref, stale } : null;
    stale.push(ref);
  }
  return stale.length ? { ancestor: null, stale } : null;
}
