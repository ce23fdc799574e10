// Who receives an event: found through per-topic and per-address sets, so a broadcast costs
// O(recipients), not O(clients x filters). Pure; one instance per gateway.
import type { SubscriptionFilters, Topic } from '@aura/events';

interface ClientSubscriptions<C> {
  client: C;
  /** topic → its filters (null: everything on that topic). */
  topics: Map<Topic, SubscriptionFilters | null>;
}

export class SubscriptionIndex<C> {
  /** Clients that never subscribed: they receive everything, as in the seed. */
  private readonly everything = new Set<C>();
  private readonly subs = new Map<C, ClientSubscriptions<C>>();
  private readonly unfiltered = new Map<Topic, Set<C>>();
  private readonly byAddress = new Map<Topic, Map<string, Set<C>>>();
  /** Clients with a filter on a topic but no address list (e.g. only minValueWei). */
  private readonly filteredNoAddress = new Map<Topic, Set<C>>();

  add(client: C): void {
    this.everything.add(client);
  }

  remove(client: C): void {
    this.everything.delete(client);
    const entry = this.subs.get(client);
    if (entry)
      for (const topic of [...entry.topics.keys()]) this.unindex(client, topic, entry.topics.get(topic) ?? null);
    this.subs.delete(client);
  }

  subscribe(client: C, topics: readonly Topic[], filters: SubscriptionFilters | null): void {
    this.everything.delete(client);
    const entry = this.subs.get(client) ?? { client, topics: new Map() };
    this.subs.set(client, entry);
    for (const topic of topics) {
      const previous = entry.topics.get(topic);
      if (previous !== undefined) this.unindex(client, topic, previous);
      entry.topics.set(topic, filters);
      this.index(client, topic, filters);
    }
  }

  unsubscribe(client: C, topics: readonly Topic[]): void {
    this.everything.delete(client);
    const entry = this.subs.get(client) ?? { client, topics: new Map() };
    this.subs.set(client, entry);
    for (const topic of topics) {
      const previous = entry.topics.get(topic);
      if (previous === undefined) continue;
      this.unindex(client, topic, previous);
      entry.topics.delete(topic);
    }
  }

  /** The topics a client receives (all of them when it never subscribed). */
  topicsOf(client: C): Topic[] | 'all' {
    if (this.everything.has(client)) return 'all';
    return [...(this.subs.get(client)?.topics.keys() ?? [])];
  }

  /** Whether one client receives an event (for replaying a buffered frame to a resuming client). */
  matches(client: C, topic: Topic, addresses: readonly string[] = [], valueWei: bigint | null = null): boolean {
    if (this.everything.has(client)) return true;
    const filters = this.subs.get(client)?.topics.get(topic);
    if (filters === undefined) return false;
    if (filters === null) return true;
    if (filters.addresses?.length && !addresses.some((a) => filters.addresses?.includes(a))) return false;
    return filters.minValueWei === undefined || (valueWei !== null && valueWei >= BigInt(filters.minValueWei));
  }

  /**
   * Recipients of an event on `topic` that involves `addresses` (lower case) and, for transactions,
   * carries `valueWei`.
   */
  recipients(topic: Topic, addresses: readonly string[] = [], valueWei: bigint | null = null): Set<C> {
    const out = new Set<C>(this.everything);
    for (const c of this.unfiltered.get(topic) ?? []) out.add(c);
    const candidates = new Set<C>(this.filteredNoAddress.get(topic) ?? []);
    const byAddr = this.byAddress.get(topic);
    if (byAddr) for (const a of addresses) for (const c of byAddr.get(a) ?? []) candidates.add(c);
    for (const c of candidates) {
      const min = this.subs.get(c)?.topics.get(topic)?.minValueWei;
      if (min === undefined || (valueWei !== null && valueWei >= BigInt(min))) out.add(c);
    }
    return out;
  }

  /**
   * (topic, address) entries held for all clients: bounded by clients x 7 topics x MAX_FILTER_ADDRESSES,
   * since subscribing again to a topic replaces its filters.
   */
  get addressEntries(): number {
    let n = 0;
    for (const byAddr of this.byAddress.values()) for (const set of byAddr.values()) n += set.size;
    return n;
  }

  private index(client: C, topic: Topic, filters: SubscriptionFilters | null): void {
    if (!filters) {
      setOf(this.unfiltered, topic).add(client);
      return;
    }
    if (!filters.addresses?.length) {
      setOf(this.filteredNoAddress, topic).add(client);
      return;
    }
    const byAddr = this.byAddress.get(topic) ?? new Map<string, Set<C>>();
    this.byAddress.set(topic, byAddr);
    for (const a of filters.addresses) setOf(byAddr, a).add(client);
  }

  private unindex(client: C, topic: Topic, filters: SubscriptionFilters | null): void {
    if (!filters) return void this.unfiltered.get(topic)?.delete(client);
    if (!filters.addresses?.length) return void this.filteredNoAddress.get(topic)?.delete(client);
    const byAddr = this.byAddress.get(topic);
    for (const a of filters.addresses) {
      const set = byAddr?.get(a);
      set?.delete(client);
      if (set && !set.size) byAddr?.delete(a);
    }
  }
}

function setOf<K, C>(map: Map<K, Set<C>>, key: K): Set<C> {
  let set = map.get(key);
  if (!set) {
    set = new Set<C>();
    map.set(key, set);
  }
  return set;
}
