import { Inject, Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { type Connection, ConnectionStates } from 'mongoose';

import type { HealthReport, HealthStatus } from '@aura/events';

import { BlockFollower } from '../chain/block-follower.service';
import { ChainRpc } from '../chain/chain-rpc.service';
import { followerLag } from '../chain/follower-lag';
import { HeadSubscription } from '../chain/head-subscription.service';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.provider';

const startedAt = Date.now();
/** No new head for this long: the node or the subscription is stuck (Polygon makes a block every ~2 s). */
export const HEAD_STALL_MS = 30_000;
/** Further behind than this counts as syncing. */
export const SYNCING_LAG_BLOCKS = 5;

@Injectable()
export class HealthService {
  constructor(
    @InjectConnection() private readonly connection: Connection,
    private readonly follower: BlockFollower,
    private readonly rpc: ChainRpc,
    private readonly subscription: HeadSubscription,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.confirmations = config.confirmations;
  }

  private readonly confirmations: number;

  report(now = Date.now()): HealthReport {
    const f = this.follower.status();
    const sub = this.subscription.status();
    const state = ConnectionStates[this.connection.readyState] ?? 'unknown';
    const dbConnected = this.connection.readyState === ConnectionStates.connected;
    // Lag against what the follower may process (head - CONFIRMATIONS), not against the raw head.
    const { blocks: lagBlocks, seconds: lagSeconds } = followerLag(f, now);

    const down: string[] = [];
    if (!dbConnected) down.push(`database ${String(state)}: ingestion holds at its checkpoint`);
    if (!f.reachable) down.push(`RPC unreachable${f.lastError ? `: ${f.lastError}` : ''}`);
    const degraded: string[] = [];
    if (f.lastError && f.reachable) degraded.push(`last poll failed: ${f.lastError}`);
    if (f.reorgError) degraded.push(f.reorgError);
    if (sub.enabled && !sub.connected)
      degraded.push(`newHeads subscription down (polling meanwhile)${sub.lastError ? `: ${sub.lastError}` : ''}`);
    if (f.lastHeadChangeAt && now - f.lastHeadChangeAt.getTime() > HEAD_STALL_MS) {
      degraded.push(`no new block for ${Math.round((now - f.lastHeadChangeAt.getTime()) / 1000)} s`);
    }
    let status: HealthStatus = 'live';
    if (down.length) status = 'down';
    else if (degraded.length) status = 'degraded';
    else if (f.syncing || (lagBlocks ?? 0) > SYNCING_LAG_BLOCKS || f.lastProcessed === null) status = 'syncing';

    return {
      status,
      chain: {
        reachable: f.reachable,
        chainId: f.chainId,
        head: f.head,
        lastProcessed: f.lastProcessed?.number ?? null,
        finalized: f.finalized,
        confirmations: this.confirmations,
        lagBlocks,
        lagSeconds,
        lastError: f.lastError,
        reasons: [...down, ...degraded],
        endpoints: this.rpc.endpoints().map(({ name, url, healthy, lastError }) => ({ name, url, healthy, lastError })),
        lastReorg: f.lastReorg ? { ...f.lastReorg, at: f.lastReorg.at.toISOString() } : null,
        subscription: { ...sub, lastHeadAt: sub.lastHeadAt?.toISOString() ?? null },
      },
      database: { state: String(state), connected: dbConnected },
      uptimeSeconds: Math.round((now - startedAt) / 1000),
    };
  }
}
