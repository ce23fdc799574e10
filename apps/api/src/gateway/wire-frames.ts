// Maps stored records to the public wire frames (the seed's shapes plus added optional fields).
import type { AnyServerFrame } from '@aura/events';

import type { BlockBundle } from '../activity/activity-store.service';

export function framesForBlock(bundle: BlockBundle): AnyServerFrame[] {
  const { block } = bundle;
  const frames: AnyServerFrame[] = [
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
    const data = { txHash: e.txHash, address: e.address, blockNumber: e.blockNumber, tokenId: e.tokenId, logIndex: e.logIndex };
    if (e.kind === 'badge_minted') frames.push({ type: 'badge_minted', data });
    else if (e.kind === 'badge_revoked') frames.push({ type: 'badge_revoked', data });
    else if (e.kind === 'passport_issued') frames.push({ type: 'passport_issued', data });
  }
  return frames;
}
