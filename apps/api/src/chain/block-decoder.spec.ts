import { decodeBlock, type RawBlock, type RawLog } from './block-decoder';
import { TRANSFER_TOPIC, ZERO_ADDRESS } from './erc721-decoder';

const BADGE = '0x' + 'bb'.repeat(20);
const PASSPORT = '0x' + 'cc'.repeat(20);
const ALICE = '0x' + 'a1'.repeat(20);
const BOB = '0x' + 'b0'.repeat(20);
const watched = new Map([
  [BADGE, 'badge' as const],
  [PASSPORT, 'passport' as const],
]);
const pad = (a: string) => '0x' + a.slice(2).padStart(64, '0');
const hash = (n: number) => '0x' + n.toString(16).padStart(64, '0');

const block: RawBlock = {
  number: 10,
  hash: hash(10),
  parentHash: hash(9),
  timestamp: 1_700_000_000,
  gasUsed: 123_456n,
  transactions: [
    { hash: hash(100), from: ALICE, to: BADGE.toUpperCase().replace('0X', '0x'), value: 0n },
    { hash: hash(101), from: ALICE, to: BOB, value: 10n ** 18n },
    { hash: hash(102), from: BOB, to: PASSPORT, value: 5n },
  ],
};
const transferLog = (
  address: string,
  from: string,
  to: string,
  id: number,
  logIndex: number,
  blockHash = block.hash,
): RawLog => ({
  address,
  topics: [TRANSFER_TOPIC, pad(from), pad(to), hash(id)],
  data: '0x',
  transactionHash: hash(100),
  logIndex,
  blockHash,
});

describe('decodeBlock', () => {
  it('keeps only transactions touching watched contracts, values as decimal strings', () => {
    const bundle = decodeBlock(block, [], watched);
    expect(bundle.block).toEqual({
      number: 10,
      hash: hash(10),
      parentHash: hash(9),
      timestamp: 1_700_000_000,
      transactionCount: 3,
      gasUsed: 123_456,
    });
    expect(bundle.transactions.map((t) => [t.hash, t.to, t.value])).toEqual([
      [hash(100), BADGE, '0'],
      [hash(102), PASSPORT, '5'],
    ]);
    expect(bundle.transactions[0]?.timestamp.toISOString()).toBe('2023-11-14T22:13:20.000Z');
  });

  it('decodes mints and burns on watched contracts, in log order', () => {
    const logs = [
      transferLog(PASSPORT, ZERO_ADDRESS, BOB, 1, 3),
      transferLog(BADGE, ZERO_ADDRESS, ALICE, 7, 1),
      transferLog(BADGE, ALICE, ZERO_ADDRESS, 5, 2),
    ];
    const events = decodeBlock(block, logs, watched).tokenEvents;
    expect(events.map((e) => [e.kind, e.address, e.tokenId, e.logIndex])).toEqual([
      ['badge_minted', ALICE, '7', 1],
      ['badge_revoked', ALICE, '5', 2],
      ['passport_issued', BOB, '1', 3],
    ]);
  });

  it('ignores logs of unwatched contracts, of another block, removed ones and non-ERC-721 logs', () => {
    const erc20: RawLog = {
      ...transferLog(BADGE, ZERO_ADDRESS, ALICE, 1, 4),
      topics: [TRANSFER_TOPIC, pad(ZERO_ADDRESS), pad(ALICE)],
      data: hash(1),
    };
    const logs = [
      transferLog('0x' + 'dd'.repeat(20), ZERO_ADDRESS, ALICE, 1, 0),
      transferLog(BADGE, ZERO_ADDRESS, ALICE, 2, 1, hash(999)),
      { ...transferLog(BADGE, ZERO_ADDRESS, ALICE, 3, 2), removed: true },
      erc20,
    ];
    expect(decodeBlock(block, logs, watched).tokenEvents).toEqual([]);
  });
});
