import { classifyTransfer, decodeErc721Transfer, TRANSFER_TOPIC, ZERO_ADDRESS } from './erc721-decoder';

const pad = (addr: string) => '0x' + addr.slice(2).padStart(64, '0');
const ALICE = '0x' + 'a1'.repeat(20);
const tokenTopic = (n: number) => '0x' + n.toString(16).padStart(64, '0');

describe('decodeErc721Transfer', () => {
  it('decodes a mint', () => {
    const log = { address: '0x1', topics: [TRANSFER_TOPIC, pad(ZERO_ADDRESS), pad(ALICE), tokenTopic(42)], data: '0x' };
    expect(decodeErc721Transfer(log)).toEqual({ from: ZERO_ADDRESS, to: ALICE, tokenId: 42n });
  });

  it('lower-cases addresses from mixed-case topics', () => {
    const upper = '0x' + 'AB'.repeat(20);
    const log = {
      address: '0x1',
      topics: [TRANSFER_TOPIC.toUpperCase().replace('0X', '0x'), pad(ZERO_ADDRESS), pad(upper), tokenTopic(1)],
      data: '0x',
    };
    expect(decodeErc721Transfer(log)?.to).toBe(upper.toLowerCase());
  });

  it('ignores an ERC-20 Transfer (3 topics), other events and malformed topics', () => {
    expect(
      decodeErc721Transfer({ address: '0x1', topics: [TRANSFER_TOPIC, pad(ZERO_ADDRESS), pad(ALICE)], data: '0x01' }),
    ).toBeNull();
    expect(
      decodeErc721Transfer({
        address: '0x1',
        topics: ['0x' + '11'.repeat(32), pad(ZERO_ADDRESS), pad(ALICE), tokenTopic(1)],
        data: '0x',
      }),
    ).toBeNull();
    expect(
      decodeErc721Transfer({ address: '0x1', topics: [TRANSFER_TOPIC, '0xzz', pad(ALICE), tokenTopic(1)], data: '0x' }),
    ).toBeNull();
    // a "from" topic whose upper 12 bytes are not zero is not an address
    expect(
      decodeErc721Transfer({
        address: '0x1',
        topics: [TRANSFER_TOPIC, '0x' + 'ff'.repeat(32), pad(ALICE), tokenTopic(1)],
        data: '0x',
      }),
    ).toBeNull();
  });
});

describe('classifyTransfer', () => {
  it('maps mints and burns per contract role', () => {
    expect(classifyTransfer('badge', { from: ZERO_ADDRESS, to: ALICE, tokenId: 1n })).toEqual({
      kind: 'badge_minted',
      address: ALICE,
    });
    expect(classifyTransfer('badge', { from: ALICE, to: ZERO_ADDRESS, tokenId: 1n })).toEqual({
      kind: 'badge_revoked',
      address: ALICE,
    });
    expect(classifyTransfer('passport', { from: ZERO_ADDRESS, to: ALICE, tokenId: 1n })).toEqual({
      kind: 'passport_issued',
      address: ALICE,
    });
    expect(classifyTransfer('passport', { from: ALICE, to: ZERO_ADDRESS, tokenId: 1n })).toEqual({
      kind: 'passport_revoked',
      address: ALICE,
    });
  });

  it('ignores holder-to-holder transfers', () => {
    expect(classifyTransfer('badge', { from: ALICE, to: '0x' + 'b2'.repeat(20), tokenId: 1n })).toBeNull();
  });
});
