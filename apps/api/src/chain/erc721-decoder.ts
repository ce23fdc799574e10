// Pure decoding of ERC-721 Transfer logs. Works for any ERC-721 at the watched addresses, not only ours.
import { HASH_RE } from '@aura/events';

import type { TokenEventKind } from '../activity/schemas/token-event.schema';

/** keccak256("Transfer(address,address,uint256)"), shared by ERC-20 and ERC-721. */
export const TRANSFER_TOPIC = '0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef';
export const ZERO_ADDRESS = '0x0000000000000000000000000000000000000000';

export interface LogLike {
  address: string;
  topics: readonly string[];
  data: string;
}

export interface Erc721Transfer {
  from: string;
  to: string;
  tokenId: bigint;
}

function topicToAddress(topic: string): string | null {
  // An address topic is 12 zero bytes then 20 address bytes; anything else is not an address.
  if (!/^0x0{24}/.test(topic)) return null;
  return `0x${topic.slice(26).toLowerCase()}`;
}

/**
 * Decodes an ERC-721 Transfer. Returns null for anything else: other events, and ERC-20 Transfers,
 * which carry the amount in `data` and so have 3 topics instead of 4.
 */
export function decodeErc721Transfer(log: LogLike): Erc721Transfer | null {
  const [sig, fromTopic, toTopic, idTopic] = log.topics;
  if (log.topics.length !== 4 || sig?.toLowerCase() !== TRANSFER_TOPIC) return null;
  if (![fromTopic, toTopic, idTopic].every((t) => t !== undefined && HASH_RE.test(t))) return null;
  const from = topicToAddress(fromTopic as string);
  const to = topicToAddress(toTopic as string);
  if (from === null || to === null) return null;
  return { from, to, tokenId: BigInt(idTopic as string) };
}

export type WatchedRole = 'badge' | 'passport';

/** Mint (from zero) or burn (to zero) on a watched contract; plain transfers are not tracked events. */
export function classifyTransfer(
  role: WatchedRole,
  t: Erc721Transfer,
): { kind: TokenEventKind; address: string } | null {
  if (t.from === ZERO_ADDRESS && t.to !== ZERO_ADDRESS) {
    return { kind: role === 'badge' ? 'badge_minted' : 'passport_issued', address: t.to };
  }
  if (t.to === ZERO_ADDRESS && t.from !== ZERO_ADDRESS) {
    return { kind: role === 'badge' ? 'badge_revoked' : 'passport_revoked', address: t.from };
  }
  return null;
}
