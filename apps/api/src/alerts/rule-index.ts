// Which event rules an event matches, found through maps by event kind and address: matching one event
// costs O(rules that can match it), not O(rules). Pure; rebuilt whenever the rules change.
import type { AlertRule, AlertTokenEvent } from '@aura/events';

/** A chain event as the evaluator sees it (from the stored rows of one block). */
export type ChainEventInput =
  | {
      type: AlertTokenEvent;
      id: string;
      contract: string;
      txHash: string;
      logIndex: number;
      blockNumber: number;
      blockHash: string;
      timestamp: number;
      address: string;
      tokenId: string;
    }
  | {
      type: 'transaction';
      id: string;
      contract: string;
      txHash: string;
      blockNumber: number;
      blockHash: string;
      timestamp: number;
      from: string;
      to: string;
      value: bigint;
    };

interface Bucket {
  any: AlertRule[];
  byAddress: Map<string, AlertRule[]>;
}

const emptyBucket = (): Bucket => ({ any: [], byAddress: new Map() });

function push(map: Map<string, AlertRule[]>, key: string, rule: AlertRule): void {
  const list = map.get(key);
  if (list) list.push(rule);
  else map.set(key, [rule]);
}

export class RuleIndex {
  private readonly tokenBuckets = new Map<AlertTokenEvent, Bucket>();
  /** Transaction rules without an address filter, and those by from / by to address. */
  private readonly txAny: AlertRule[] = [];
  private readonly txFrom = new Map<string, AlertRule[]>();
  private readonly txTo = new Map<string, AlertRule[]>();
  /** Parsed minValueWei per transaction rule. */
  private readonly minValue = new Map<string, bigint>();
  readonly size: number;

  constructor(rules: readonly AlertRule[]) {
    let size = 0;
    for (const rule of rules) {
      if (!rule.enabled) continue;
      const c = rule.condition;
      if (c.kind === 'token_event') {
        size++;
        for (const kind of c.events) {
          const bucket = this.tokenBuckets.get(kind) ?? emptyBucket();
          this.tokenBuckets.set(kind, bucket);
          if (c.addresses) for (const a of c.addresses) push(bucket.byAddress, a, rule);
          else bucket.any.push(rule);
        }
      } else if (c.kind === 'large_transaction') {
        size++;
        this.minValue.set(rule.id, BigInt(c.minValueWei));
        // With both filters a rule is indexed by `from` and checked on `to` (both must hold).
        if (c.from) for (const a of c.from) push(this.txFrom, a, rule);
        else if (c.to) for (const a of c.to) push(this.txTo, a, rule);
        else this.txAny.push(rule);
      }
    }
    this.size = size;
  }

  /** The enabled rules this event fires (each once), in no particular order. */
  match(event: ChainEventInput): AlertRule[] {
    const out: AlertRule[] = [];
    const live = (rule: AlertRule) => event.blockNumber > rule.sinceBlock;
    if (event.type === 'transaction') {
      const seen = new Set<string>();
      const consider = (rule: AlertRule) => {
        if (seen.has(rule.id) || !live(rule)) return;
        seen.add(rule.id);
        const c = rule.condition;
        if (c.kind !== 'large_transaction') return;
        if (event.value < (this.minValue.get(rule.id) ?? 0n)) return;
        if (c.from && !c.from.includes(event.from)) return;
        if (c.to && !c.to.includes(event.to)) return;
        out.push(rule);
      };
      for (const rule of this.txAny) consider(rule);
      for (const rule of this.txFrom.get(event.from) ?? []) consider(rule);
      for (const rule of this.txTo.get(event.to) ?? []) consider(rule);
      return out;
    }
    const bucket = this.tokenBuckets.get(event.type);
    if (!bucket) return out;
    for (const rule of bucket.any) if (live(rule)) out.push(rule);
    // An address appears once per rule's list (deduplicated at validation).
    for (const rule of bucket.byAddress.get(event.address) ?? []) if (live(rule)) out.push(rule);
    return out;
  }
}
