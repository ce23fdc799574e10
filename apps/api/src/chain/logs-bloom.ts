// A block's logsBloom (the 2048-bit filter in its header) asked whether the block may hold a watched
// log. Pure: no I/O. Standard bloom of the yellow paper (M3:2048): for each log address and topic,
// keccak256 of its bytes; the low 11 bits of bytes 0-1, 2-3 and 4-5 each name a bit, and bit i lives in
// byte 255 - floor(i / 8) under the mask 1 << (i % 8).
import { getBytes, keccak256 } from 'ethers';

const BLOOM_HEX_RE = /^0x[0-9a-fA-F]{512}$/;

/** The three bloom bit indices (0-2047) of one address or topic (hex, any case). */
export function bloomBits(hexValue: string): [number, number, number] {
  const hash = getBytes(keccak256(getBytes(hexValue.toLowerCase())));
  const bit = (i: number) => (((hash[i] as number) << 8) | (hash[i + 1] as number)) & 2047;
  return [bit(0), bit(2), bit(4)];
}

/** Which watched logs to look for: precomputed once, asked for every block. */
export interface BloomQuery {
  /** Bits of each watched address: one of them must be fully set. */
  addresses: readonly (readonly number[])[];
  /** Bits of topic0: all must be set. */
  topic: readonly number[];
}

export function bloomQuery(addresses: readonly string[], topic0: string): BloomQuery {
  return { addresses: addresses.map(bloomBits), topic: bloomBits(topic0) };
}

export function isLogsBloom(value: unknown): value is string {
  return typeof value === 'string' && BLOOM_HEX_RE.test(value);
}

/** Reads one bit of a 0x-prefixed 512-hex-digit bloom without decoding the rest. */
function hasBit(bloom: string, bit: number): boolean {
  const at = 2 + (255 - (bit >> 3)) * 2;
  return (parseInt(bloom.slice(at, at + 2), 16) & (1 << (bit & 7))) !== 0;
}

/**
 * False when the block surely holds no log of a watched address with topic0 (some bit is missing);
 * true when it may (a bloom has false positives: the address and the topic may come from different
 * logs, or other values may have set the same bits). No address watched: false.
 */
export function bloomMayContain(bloom: string, query: BloomQuery): boolean {
  if (!query.topic.every((b) => hasBit(bloom, b))) return false;
  return query.addresses.some((bits) => bits.every((b) => hasBit(bloom, b)));
}

export interface BloomCheckedBlock {
  number: number;
  hash: string;
  /** Absent when the node did not send one: such a block is taken as the range's logs say. */
  logsBloom?: string;
}

export interface RangeLogsVerdict {
  /** Bloom says "maybe" but the ranged eth_getLogs returned nothing: read these blocks' logs by hash. */
  recheck: BloomCheckedBlock[];
  /** Logs returned for a block whose bloom says it cannot hold any: the answers disagree. */
  contradicted: BloomCheckedBlock | null;
}

/**
 * Cross-checks a ranged eth_getLogs answer against the blocks' blooms. A backend one block behind, or
 * on another branch, may answer `[]` for part of a range: only the bloom can tell such a gap.
 * `logCount(hash)` is how many watched logs the range returned for that block.
 */
export function crossCheckRangeLogs(
  blocks: readonly BloomCheckedBlock[],
  logCount: (blockHash: string) => number,
  query: BloomQuery,
): RangeLogsVerdict {
  const recheck: BloomCheckedBlock[] = [];
  for (const block of blocks) {
    if (block.logsBloom === undefined) continue;
    const maybe = bloomMayContain(block.logsBloom, query);
    const count = logCount(block.hash);
    if (count > 0 && !maybe) return { recheck, contradicted: block };
    if (count === 0 && maybe) recheck.push(block);
  }
  return { recheck, contradicted: null };
}
