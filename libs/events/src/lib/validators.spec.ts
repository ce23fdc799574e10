import { isServerFrame, parseServerFrame, validateEventData, validateServerFrame } from './validators';

// The seed's own examples, with "0x..." replaced by real-looking values.
const HASH = '0x' + 'ab'.repeat(32);
const ADDR = '0x' + '12'.repeat(20);
const seedFrames = {
  new_block: { number: 12345, hash: HASH, timestamp: 1234567890, transactions: 10, gasUsed: 1000000 },
  new_transaction: { hash: HASH, from: ADDR, to: ADDR, value: '1000000000000000000', timestamp: '2024-01-01T00:00:00' },
  badge_minted: { txHash: HASH, address: ADDR, blockNumber: 12345 },
  stats_update: { total_users: 100, total_badges: 50, total_passports: 30, recent_badges_24h: 5 },
};

describe('validateServerFrame', () => {
  it.each(Object.entries(seedFrames))('accepts the seed example of %s', (type, data) => {
    const result = validateServerFrame({ type, data });
    expect(result).toEqual({ ok: true, value: { type, data } });
  });

  it('accepts added optional fields and unknown extras', () => {
    const data = { ...seedFrames.badge_minted, tokenId: '7', logIndex: 0, somethingNew: true };
    expect(validateServerFrame({ type: 'badge_minted', data }).ok).toBe(true);
  });

  it('names every missing or mistyped field', () => {
    const result = validateServerFrame({ type: 'new_block', data: { number: '12', hash: 'nothex', timestamp: 1 } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      'new_block.data.number must be a non-negative integer',
      'new_block.data.hash must be a 0x-prefixed hex string',
      'new_block.data.transactions is required',
      'new_block.data.gasUsed is required',
    ]);
  });

  it('refuses an unknown type, a non-object and a bad optional field', () => {
    expect(validateServerFrame({ type: 'nope', data: {} }).ok).toBe(false);
    expect(validateServerFrame([]).ok).toBe(false);
    expect(validateEventData('badge_minted', { ...seedFrames.badge_minted, tokenId: 7 }).ok).toBe(false);
    expect(validateEventData('new_transaction', { ...seedFrames.new_transaction, value: '1e18' }).ok).toBe(false);
    expect(validateEventData('new_transaction', { ...seedFrames.new_transaction, timestamp: 'yesterday' }).ok).toBe(
      false,
    );
  });
});

describe('added frames', () => {
  const ref = (n: number) => ({ number: n, hash: '0x' + n.toString(16).padStart(64, '0') });
  const reorg = {
    commonAncestor: ref(10),
    oldHead: ref(12),
    newHead: ref(11),
    depth: 2,
    removed: {
      blocks: 2,
      transactions: 1,
      badges_minted: 1,
      passports_issued: 0,
      badges_revoked: 0,
      blockHashes: [HASH],
    },
  };

  it('accepts reorg and sync_status frames', () => {
    expect(validateServerFrame({ type: 'reorg', data: reorg }).ok).toBe(true);
    const sync = { state: 'syncing', head: 100, processed: 40, lagBlocks: 60, blocksPerSecond: 12.5, etaSeconds: null };
    expect(validateServerFrame({ type: 'sync_status', data: sync }).ok).toBe(true);
  });

  it('checks their nested fields', () => {
    const bad = validateServerFrame({
      type: 'reorg',
      data: { ...reorg, oldHead: { number: 1 }, removed: { ...reorg.removed, blocks: -1 } },
    });
    expect(bad).toEqual({
      ok: false,
      errors: ['reorg.data.oldHead.hash is required', 'reorg.data.removed.blocks must be a non-negative integer'],
    });
    expect(
      validateServerFrame({
        type: 'sync_status',
        data: { state: 'done', head: 1, processed: 1, lagBlocks: 0, blocksPerSecond: null, etaSeconds: null },
      }).ok,
    ).toBe(false);
  });
});

describe('parseServerFrame and isServerFrame', () => {
  it('parses JSON text and never throws on garbage', () => {
    expect(parseServerFrame(JSON.stringify({ type: 'stats_update', data: seedFrames.stats_update })).ok).toBe(true);
    expect(parseServerFrame('{not json')).toEqual({ ok: false, errors: ['frame is not valid JSON'] });
  });

  it('narrows by type', () => {
    const frame: unknown = { type: 'new_block', data: seedFrames.new_block };
    expect(isServerFrame(frame, 'new_block')).toBe(true);
    expect(isServerFrame(frame, 'stats_update')).toBe(false);
  });
});

describe('epoch and replay on the envelope', () => {
  const welcome = { protocolVersion: 1, serverTime: '2026-01-01T00:00:00Z', chainId: 1, head: 1, lastSeq: 3 };

  it('accepts a welcome with or without epoch and oldestSeq, and checks them', () => {
    expect(validateServerFrame({ type: 'welcome', data: welcome }).ok).toBe(true);
    expect(
      validateServerFrame({ type: 'welcome', data: { ...welcome, epoch: '0123456789abcdef', oldestSeq: 1 } }).ok,
    ).toBe(true);
    expect(validateServerFrame({ type: 'welcome', data: { ...welcome, epoch: 'x y' } })).toEqual({
      ok: false,
      errors: ['welcome.data.epoch must be 8 to 64 characters of [0-9A-Za-z_-]'],
    });
  });

  it('checks seq, epoch and replay on a broadcast frame', () => {
    const data = seedFrames.new_block;
    expect(validateServerFrame({ type: 'new_block', data, seq: 4, epoch: '0123456789abcdef' }).ok).toBe(true);
    expect(validateServerFrame({ type: 'new_block', data, epoch: '0123456789abcdef', replay: true }).ok).toBe(true);
    expect(validateServerFrame({ type: 'new_block', data, seq: -1, epoch: 5, replay: 'yes' })).toEqual({
      ok: false,
      errors: [
        'frame.seq must be a positive integer',
        'frame.epoch must be 8 to 64 characters of [0-9A-Za-z_-]',
        'frame.replay must be a boolean',
      ],
    });
  });
});
