import { validateServerFrame } from '@aura/events';

import { framesForBlock } from './wire-frames';

const h = (n: number) => '0x' + n.toString(16).padStart(64, '0');
const A = '0x' + 'a1'.repeat(20);
const B = '0x' + 'bb'.repeat(20);

describe('framesForBlock', () => {
  const bundle = {
    block: { number: 7, hash: h(7), parentHash: h(6), timestamp: 1_700_000_000, transactionCount: 2, gasUsed: 50_000 },
    transactions: [
      {
        hash: h(70),
        blockNumber: 7,
        blockHash: h(7),
        from: A,
        to: B,
        value: '1000000000000000000',
        timestamp: new Date(1_700_000_000_000),
      },
    ],
    tokenEvents: [
      {
        kind: 'badge_minted' as const,
        contract: B,
        txHash: h(70),
        logIndex: 0,
        blockNumber: 7,
        blockHash: h(7),
        address: A,
        tokenId: '3',
        timestamp: new Date(1_700_000_000_000),
      },
      {
        kind: 'passport_revoked' as const,
        contract: B,
        txHash: h(70),
        logIndex: 1,
        blockNumber: 7,
        blockHash: h(7),
        address: A,
        tokenId: '4',
        timestamp: new Date(1_700_000_000_000),
      },
    ],
  };

  it('emits the seed shapes, each valid by the shared validators', () => {
    const frames = framesForBlock(bundle);
    expect(frames.map((f) => f.type)).toEqual(['new_block', 'new_transaction', 'badge_minted']);
    for (const f of frames) expect(validateServerFrame(JSON.parse(JSON.stringify(f))).ok).toBe(true);
    expect(frames[0]?.data).toEqual({
      number: 7,
      hash: h(7),
      timestamp: 1_700_000_000,
      transactions: 2,
      gasUsed: 50_000,
      parentHash: h(6),
    });
    expect(frames[1]?.data).toMatchObject({ value: '1000000000000000000', timestamp: '2023-11-14T22:13:20.000Z' });
    expect(frames[2]?.data).toEqual({ txHash: h(70), address: A, blockNumber: 7, tokenId: '3', logIndex: 0 });
  });
});
