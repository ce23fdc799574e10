// Pure reorg arithmetic: where the stored chain and the node's chain part ways.

export interface BlockRef {
  number: number;
  hash: string;
}

/**
 * The highest stored block that the node still has at the same height with the same hash, or null when
 * none of the given stored blocks is on the node's chain (the fork is deeper than what was compared).
 * `stored` may be in any order; `nodeHashes` maps height → the node's hash there (null: unknown).
 */
export function findCommonAncestor(
  stored: readonly BlockRef[],
  nodeHashes: ReadonlyMap<number, string | null>,
): BlockRef | null {
  let best: BlockRef | null = null;
  for (const b of stored) {
    if (nodeHashes.get(b.number) === b.hash && (best === null || b.number > best.number)) best = b;
  }
  return best;
}

/**
 * Checks that `blocks` (ascending) form one chain that continues `tip`: each parentHash is the
 * previous block's hash. Returns the index of the first block that breaks the chain, or -1.
 */
export function firstBrokenLink(
  tip: BlockRef | null,
  blocks: readonly { number: number; hash: string; parentHash: string }[],
): number {
  let previous = tip;
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i] as { number: number; hash: string; parentHash: string };
    if (previous && (b.number !== previous.number + 1 || b.parentHash !== previous.hash)) return i;
    previous = b;
  }
  return -1;
}

export type ForkResolution =
  /** Remove everything above `ancestor`: the node has other blocks there. */
  | { kind: 'ancestor'; ancestor: BlockRef }
  /**
   * No reorg: every compared block the node knows is ours, and it knows none of ours differently (a
   * lagging node answers null above its head; an inconsistent backend named another parent). Retry later.
   */
  | { kind: 'none' }
  /** None of the compared blocks is on the node's chain: the fork is deeper than the window. */
  | { kind: 'deeper' };

/**
 * Where to cut the stored chain, given the node's hashes at the compared heights. `stored` is ascending
 * (its lowest block with its parentHash); `nodeHashBelow` is the node's hash one below the lowest
 * compared block (read only when no compared block matched): when it is that block's parent, the fork
 * point is just below the window, as when every stored block left the chain.
 */
export function resolveForkPoint(
  stored: readonly (BlockRef & { parentHash?: string })[],
  nodeHashes: ReadonlyMap<number, string | null>,
  nodeHashBelow: string | null = null,
): ForkResolution {
  const ancestor = findCommonAncestor(stored, nodeHashes);
  const conflicting = stored.some((b) => {
    const theirs = nodeHashes.get(b.number);
    return b.number > (ancestor?.number ?? -1) && typeof theirs === 'string' && theirs !== b.hash;
  });
  if (!conflicting) return { kind: 'none' };
  if (ancestor) return { kind: 'ancestor', ancestor };
  const lowest = stored[0];
  if (lowest?.parentHash && nodeHashBelow === lowest.parentHash) {
    return { kind: 'ancestor', ancestor: { number: lowest.number - 1, hash: lowest.parentHash } };
  }
  return { kind: 'deeper' };
}
