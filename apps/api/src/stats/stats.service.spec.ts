import { Subject } from 'rxjs';

import type { ActivityReader } from '../activity/activity-reader.service';
import type { BlockFollower, FollowerStatus } from '../chain/block-follower.service';
import type { ChainEvent, ChainEvents } from '../chain/chain-events.service';
import { StatsService } from './stats.service';

const NOW = Date.parse('2026-11-29T12:00:00Z');

function setUp() {
  let users = 10;
  let reads = 0;
  const store = {
    totals: async () => {
      reads++;
      return { users, badges: 5, passports: 2, revocations: 1, contractTransactions: 7, headHash: '0xh' };
    },
    blockByHash: async () => ({ number: 42, gasUsed: 21_000, timestamp: NOW / 1000 - 30 }),
    bucketCounts: async () => [{ minute: new Date(NOW - 60_000), mints: 3 }],
  } as unknown as ActivityReader;
  const status: Partial<FollowerStatus> = {
    chainId: 137,
    target: 44,
    lastProcessed: { number: 42, hash: '0xh' } as FollowerStatus['lastProcessed'],
    lastProcessedTimestamp: NOW / 1000 - 30,
  };
  const follower = { status: () => ({ ...status }) } as unknown as BlockFollower;
  const events = new Subject<ChainEvent>();
  const service = new StatsService(store, follower, { events$: events } as unknown as ChainEvents);
  return {
    service,
    status,
    reads: () => reads,
    storeBlock: (n: number) => {
      users = n;
      events.next({ kind: 'sync_status' } as ChainEvent);
    },
  };
}

describe('StatsService.currentJson', () => {
  it('is current() serialized, made once per change and at hand (no promise) once read', async () => {
    const { service, status, reads, storeBlock } = setUp();
    service.onModuleInit();
    const first = await service.currentJson(NOW);
    expect(first).toBe(JSON.stringify(await service.current(NOW)));
    expect(JSON.parse(first)).toMatchObject({
      total_users: 10,
      chain_id: 137,
      sync_lag_blocks: 2,
      sync_lag_seconds: 30,
    });
    // The same string object while nothing changes; a new one when the lag or the figures do.
    const again = service.currentJson(NOW + 400);
    expect(typeof again).toBe('string');
    expect(again).toBe(first);
    const later = service.currentJson(NOW + 1_000) as string;
    expect(JSON.parse(later)).toMatchObject({ sync_lag_seconds: 31 });
    status.target = 45;
    expect(JSON.parse(service.currentJson(NOW + 1_000) as string)).toMatchObject({ sync_lag_blocks: 3 });
    const readsBefore = reads();
    storeBlock(11);
    const afterBlock = service.currentJson(NOW + 1_000);
    expect(typeof afterBlock).not.toBe('string'); // the figures are read again
    expect(JSON.parse(await afterBlock)).toMatchObject({ total_users: 11 });
    expect(reads()).toBe(readsBefore + 1);
    service.onModuleDestroy();
  });
});
