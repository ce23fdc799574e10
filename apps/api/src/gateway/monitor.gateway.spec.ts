import { Logger } from '@nestjs/common';
import { WebSocket } from 'ws';

import type { ActivityReader } from '../activity/activity-reader.service';
import type { BlockFollower } from '../chain/block-follower.service';
import type { ChainEvents } from '../chain/chain-events.service';
import type { AppConfig } from '../config/app-config';
import type { MonitorMetrics } from '../metrics/monitor-metrics.service';
import type { StatsService } from '../stats/stats.service';
import { MonitorGateway } from './monitor.gateway';

/** A gateway whose snapshot read fails with `error`, and a client that records what it is sent. */
function gatewayFailingWith(error: Error) {
  const config = { replayBufferSize: 10, statsIntervalMs: 1_000, snapshot: { blocks: 1, transactions: 1, badges: 1 } };
  const gateway = new MonitorGateway(
    {} as ChainEvents,
    { current: () => Promise.reject(error) } as unknown as StatsService,
    {
      blocksNewestFirst: async () => [],
      transactionsNewestFirst: async () => [],
      badgesNewestFirst: async () => [],
    } as unknown as ActivityReader,
    { status: () => ({ chainId: 31337, head: 1 }) } as unknown as BlockFollower,
    config as AppConfig,
    { eventsSent: () => undefined } as unknown as MonitorMetrics,
  );
  const sent: { type: string; data: Record<string, unknown> }[] = [];
  const client = {
    readyState: WebSocket.OPEN,
    on: () => undefined,
    send: (text: string) => sent.push(JSON.parse(text)),
  } as unknown as WebSocket;
  return { gateway, client, sent };
}

describe('MonitorGateway snapshot on connect', () => {
  it('sends a plain reason when the database is down, and logs the driver message once', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const outage = Object.assign(new Error('connect ECONNREFUSED 10.1.2.3:27017 (mongodb://aura:pw@db.internal)'), {
      name: 'MongoServerSelectionError',
    });
    const { gateway, client, sent } = gatewayFailingWith(outage);
    await gateway.handleConnection(client);
    await gateway.handleConnection(client);

    const errors = sent.filter((f) => f.type === 'error');
    expect(errors).toHaveLength(2);
    expect(errors[0]?.data).toEqual({
      code: 'snapshot_unavailable',
      reason: 'no snapshot now (the database is not reachable); live events follow',
    });
    expect(JSON.stringify(sent)).not.toMatch(/10\.1\.2\.3|db\.internal|ECONNREFUSED|pw/);
    expect(warn.mock.calls.map((c) => String(c[0]))).toEqual([`snapshot unavailable: ${outage.message}`]);
    warn.mockRestore();
  });

  it('does not pass on the message of any other failure either', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const { gateway, client, sent } = gatewayFailingWith(new TypeError('cannot read x of undefined at 10.0.0.1'));
    await gateway.handleConnection(client);
    expect(sent.find((f) => f.type === 'error')?.data).toEqual({
      code: 'snapshot_unavailable',
      reason: 'no snapshot now (internal error); live events follow',
    });
    warn.mockRestore();
  });
});
