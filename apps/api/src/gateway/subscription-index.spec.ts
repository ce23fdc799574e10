import { SubscriptionIndex } from './subscription-index';

const A = '0x' + 'aa'.repeat(20);
const B = '0x' + 'bb'.repeat(20);

describe('SubscriptionIndex', () => {
  let index: SubscriptionIndex<string>;
  beforeEach(() => {
    index = new SubscriptionIndex<string>();
    for (const c of ['silent', 'blocks', 'alice', 'whale', 'gone']) index.add(c);
    index.subscribe('blocks', ['blocks'], null);
    index.subscribe('alice', ['badges', 'transactions'], { addresses: [A] });
    index.subscribe('whale', ['transactions'], { minValueWei: '1000' });
    index.remove('gone');
  });

  it('gives a client that never subscribed everything', () => {
    expect(index.recipients('stats')).toEqual(new Set(['silent']));
    expect(index.topicsOf('silent')).toBe('all');
  });

  it('delivers a topic only to its subscribers, and address filters only on matching addresses', () => {
    expect(index.recipients('blocks')).toEqual(new Set(['silent', 'blocks']));
    expect(index.recipients('badges', [A])).toEqual(new Set(['silent', 'alice']));
    expect(index.recipients('badges', [B])).toEqual(new Set(['silent']));
  });

  it('applies the minimum value to transactions', () => {
    expect(index.recipients('transactions', [B], 999n)).toEqual(new Set(['silent']));
    expect(index.recipients('transactions', [B], 1000n)).toEqual(new Set(['silent', 'whale']));
    expect(index.recipients('transactions', [A], 1n)).toEqual(new Set(['silent', 'alice']));
  });

  it('replaces filters on resubscribe and forgets topics on unsubscribe', () => {
    index.subscribe('alice', ['badges'], { addresses: [B] });
    expect(index.recipients('badges', [A])).toEqual(new Set(['silent']));
    expect(index.recipients('badges', [B])).toEqual(new Set(['silent', 'alice']));
    index.unsubscribe('alice', ['badges', 'transactions']);
    expect(index.recipients('badges', [B])).toEqual(new Set(['silent']));
    expect(index.topicsOf('alice')).toEqual([]);
  });

  it('answers for one client as recipients() does', () => {
    for (const [topic, addrs, value] of [
      ['badges', [A], null],
      ['badges', [B], null],
      ['transactions', [B], 999n],
      ['transactions', [B], 1000n],
      ['blocks', [], null],
    ] as const) {
      const all = index.recipients(topic, addrs, value);
      for (const c of ['silent', 'blocks', 'alice', 'whale'])
        expect(index.matches(c, topic, addrs, value)).toBe(all.has(c));
    }
  });

  it('forgets a removed client everywhere', () => {
    index.remove('alice');
    index.remove('silent');
    expect(index.recipients('badges', [A])).toEqual(new Set());
  });
});

describe('SubscriptionIndex memory per connection', () => {
  it('replaces rather than grows when a client subscribes again and again', () => {
    const index = new SubscriptionIndex<string>();
    index.add('c');
    const addr = (i: number) => '0x' + i.toString(16).padStart(40, '0');
    for (let round = 0; round < 50; round++) {
      const addresses = Array.from({ length: 100 }, (_, i) => addr(round * 100 + i));
      index.subscribe('c', ['transactions', 'badges'], { addresses });
    }
    expect(index.addressEntries).toBe(2 * 100);
    expect(index.recipients('badges', [addr(0)]).size).toBe(0);
    expect(index.recipients('badges', [addr(4_999)])).toEqual(new Set(['c']));
    index.remove('c');
    expect(index.addressEntries).toBe(0);
  });
});
