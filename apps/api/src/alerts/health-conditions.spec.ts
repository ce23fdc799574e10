import { healthConditionHolds, type HealthReading } from './health-conditions';

const reading = (over: Partial<HealthReading> = {}): HealthReading => ({
  now: 100_000,
  lastHeadChangeAt: 99_000,
  watchingSince: 0,
  lagBlocks: 0,
  lagSeconds: 1,
  endpoints: [
    { name: 'a.example', healthy: true, lastError: null },
    { name: 'b.example', healthy: true, lastError: null },
  ],
  databaseConnected: true,
  followerError: null,
  ...over,
});

describe('healthConditionHolds', () => {
  it('no_new_block: quiet for longer than N seconds, measured from the start before any head', () => {
    expect(healthConditionHolds({ kind: 'no_new_block', seconds: 30 }, reading()).active).toBe(false);
    expect(
      healthConditionHolds({ kind: 'no_new_block', seconds: 30 }, reading({ lastHeadChangeAt: 60_000 })).active,
    ).toBe(true);
    expect(
      healthConditionHolds(
        { kind: 'no_new_block', seconds: 30 },
        reading({ lastHeadChangeAt: null, watchingSince: 90_000 }),
      ).active,
    ).toBe(false);
    expect(
      healthConditionHolds({ kind: 'no_new_block', seconds: 30 }, reading({ lastHeadChangeAt: null })).active,
    ).toBe(true);
  });

  it('sync_lag: by blocks or by seconds', () => {
    expect(healthConditionHolds({ kind: 'sync_lag', blocks: 10 }, reading({ lagBlocks: 11 })).active).toBe(true);
    expect(healthConditionHolds({ kind: 'sync_lag', blocks: 10 }, reading({ lagBlocks: 10 })).active).toBe(false);
    expect(healthConditionHolds({ kind: 'sync_lag', seconds: 60 }, reading({ lagSeconds: 61 })).active).toBe(true);
    expect(
      healthConditionHolds({ kind: 'sync_lag', blocks: 5, seconds: 60 }, reading({ lagBlocks: null, lagSeconds: null }))
        .active,
    ).toBe(false);
  });

  it('rpc_unhealthy: any endpoint, or the named one', () => {
    const r = reading({
      endpoints: [
        { name: 'a.example', healthy: false, lastError: 'timeout' },
        { name: 'b.example', healthy: true, lastError: null },
      ],
    });
    const any = healthConditionHolds({ kind: 'rpc_unhealthy' }, r);
    expect(any).toEqual({ active: true, detail: 'a.example unhealthy (timeout)' });
    expect(healthConditionHolds({ kind: 'rpc_unhealthy', endpoint: 'b.example' }, r).active).toBe(false);
  });

  it('database_down and follower_error', () => {
    expect(healthConditionHolds({ kind: 'database_down' }, reading({ databaseConnected: false })).active).toBe(true);
    expect(healthConditionHolds({ kind: 'database_down' }, reading()).active).toBe(false);
    expect(healthConditionHolds({ kind: 'follower_error' }, reading({ followerError: 'RPC unreachable' }))).toEqual({
      active: true,
      detail: 'RPC unreachable',
    });
    expect(healthConditionHolds({ kind: 'follower_error' }, reading()).active).toBe(false);
  });
});
