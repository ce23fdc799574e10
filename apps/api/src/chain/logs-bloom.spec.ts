import { keccak256 } from 'ethers';

import { TRANSFER_TOPIC } from './erc721-decoder';
import { bloomBits, bloomMayContain, bloomQuery, crossCheckRangeLogs, isLogsBloom } from './logs-bloom';

const WATCHED = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const OTHER = '0xe7f1725e7734ce288f8367e1bb143e90bb3f0512';
const APPROVAL_TOPIC = '0x8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925';
const EMPTY = `0x${'0'.repeat(512)}`;

/**
 * Builds a bloom the way a node does, independently of the code under test: the bloom is a 2048-bit
 * big-endian number, and bit i of it is set for each of the three 11-bit values of keccak256(value).
 */
function buildBloom(values: string[]): string {
  let bloom = 0n;
  for (const value of values) {
    const hash = keccak256(value.toLowerCase()).slice(2);
    for (const pair of [0, 1, 2]) {
      const bit = parseInt(hash.slice(pair * 4, pair * 4 + 4), 16) % 2048;
      bloom |= 1n << BigInt(bit);
    }
  }
  return `0x${bloom.toString(16).padStart(512, '0')}`;
}

describe('bloomBits', () => {
  it('takes the low 11 bits of the first three byte pairs of keccak256', () => {
    const hash = keccak256(TRANSFER_TOPIC);
    const pairs = [0, 1, 2].map((i) => parseInt(hash.slice(2 + i * 4, 6 + i * 4), 16) & 0x7ff);
    expect(bloomBits(TRANSFER_TOPIC)).toEqual(pairs);
  });

  it('hashes the address bytes, whatever the hex case', () => {
    expect(bloomBits(WATCHED)).toEqual(bloomBits(WATCHED.toLowerCase()));
    for (const bit of bloomBits(WATCHED)) expect(bit).toBeLessThan(2048);
  });
});

describe('bloomMayContain', () => {
  const query = bloomQuery([WATCHED.toLowerCase()], TRANSFER_TOPIC);

  it('says maybe for a block with a Transfer log of a watched contract', () => {
    expect(bloomMayContain(buildBloom([WATCHED, TRANSFER_TOPIC]), query)).toBe(true);
  });

  it('says no for an empty bloom', () => {
    expect(bloomMayContain(EMPTY, query)).toBe(false);
  });

  it('says no when only the address or only the topic is there', () => {
    expect(bloomMayContain(buildBloom([WATCHED, APPROVAL_TOPIC]), query)).toBe(false);
    expect(bloomMayContain(buildBloom([OTHER, TRANSFER_TOPIC]), query)).toBe(false);
  });

  it('says maybe when any one of several watched addresses is there', () => {
    const two = bloomQuery([OTHER, WATCHED.toLowerCase()], TRANSFER_TOPIC);
    expect(bloomMayContain(buildBloom([WATCHED, TRANSFER_TOPIC]), two)).toBe(true);
  });

  it('says maybe when the address and the topic come from different logs (a false positive)', () => {
    expect(bloomMayContain(buildBloom([WATCHED, APPROVAL_TOPIC, OTHER, TRANSFER_TOPIC]), query)).toBe(true);
  });

  it('says no when nothing is watched', () => {
    expect(bloomMayContain(`0x${'f'.repeat(512)}`, bloomQuery([], TRANSFER_TOPIC))).toBe(false);
  });

  it('reads upper-case hex digits', () => {
    expect(bloomMayContain(buildBloom([WATCHED, TRANSFER_TOPIC]).toUpperCase().replace('0X', '0x'), query)).toBe(true);
  });
});

describe('isLogsBloom', () => {
  it('accepts 0x and 512 hex digits only', () => {
    expect(isLogsBloom(EMPTY)).toBe(true);
    expect(isLogsBloom(EMPTY.slice(0, -2))).toBe(false);
    expect(isLogsBloom(`0x${'g'.repeat(512)}`)).toBe(false);
    expect(isLogsBloom(null)).toBe(false);
  });
});

describe('crossCheckRangeLogs', () => {
  const query = bloomQuery([WATCHED.toLowerCase()], TRANSFER_TOPIC);
  const withMint = buildBloom([WATCHED, TRANSFER_TOPIC]);
  const block = (n: number, logsBloom?: string) => ({
    number: n,
    hash: `0x${n.toString(16).padStart(64, '0')}`,
    logsBloom,
  });
  const counts =
    (m: Record<number, number>) =>
    (hash: string): number =>
      m[Number(hash)] ?? 0;

  it('passes a range whose logs agree with the blooms', () => {
    const blocks = [block(1, withMint), block(2, EMPTY), block(3, withMint)];
    expect(crossCheckRangeLogs(blocks, counts({ 1: 1, 3: 2 }), query)).toEqual({ recheck: [], contradicted: null });
  });

  it('names the blocks whose bloom says maybe but for which the range returned nothing', () => {
    const blocks = [block(1, withMint), block(2, EMPTY), block(3, withMint), block(4, withMint)];
    const verdict = crossCheckRangeLogs(blocks, counts({ 1: 1 }), query);
    expect(verdict.recheck.map((b) => b.number)).toEqual([3, 4]);
    expect(verdict.contradicted).toBeNull();
  });

  it('reports logs returned for a block whose bloom rules them out', () => {
    const blocks = [block(1, withMint), block(2, EMPTY)];
    expect(crossCheckRangeLogs(blocks, counts({ 1: 1, 2: 1 }), query).contradicted?.number).toBe(2);
  });

  it('takes a block without a bloom as the range says', () => {
    expect(crossCheckRangeLogs([block(1), block(2)], counts({ 2: 1 }), query)).toEqual({
      recheck: [],
      contradicted: null,
    });
  });
});
