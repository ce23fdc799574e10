import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Subscription } from 'rxjs';

import { MonitorMetrics } from '../metrics/monitor-metrics.service';
import { BlockFollower } from './block-follower.service';
import { ChainEvents } from './chain-events.service';
import { ChainRpc } from './chain-rpc.service';
import { followerLag } from './follower-lag';

/** Feeds ingestion's figures to the metrics registry (which knows nothing of the chain module). */
@Injectable()
export class ChainMetrics implements OnModuleInit, OnModuleDestroy {
  private subscription: Subscription | null = null;

  constructor(
    private readonly metrics: MonitorMetrics,
    private readonly follower: BlockFollower,
    private readonly events: ChainEvents,
    private readonly rpc: ChainRpc,
  ) {}

  onModuleInit(): void {
    this.metrics.watchFollower(() => {
      const f = this.follower.status();
      return { head: f.head, lastProcessed: f.lastProcessed, lagBlocks: followerLag(f, Date.now()).blocks };
    });
    this.metrics.watchRpcEndpoints(() => this.rpc.endpoints());
    this.subscription = this.events.events$.subscribe((event) => {
      if (event.kind === 'block_ingested') this.metrics.blockIngested(event.live);
      else if (event.kind === 'reorg') this.metrics.reorgResolved(event.reorg.depth);
    });
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }
}
