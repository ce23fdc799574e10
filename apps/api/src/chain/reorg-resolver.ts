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
