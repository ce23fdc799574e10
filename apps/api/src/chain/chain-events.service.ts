import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Subject } from 'rxjs';

import type { ReorgData, SyncStatusData } from '@aura/events';

import type { BlockBundle } from '../activity/activity-store.service';

/** Published after a block is durably stored (never before: nothing is announced that could be lost). */
export interface BlockIngested {
  kind: 'block_ingested';
  bundle: BlockBundle;
  /** false while catching up: history is stored but not replayed as live events. */
  live: boolean;
}

/** Published after stored blocks that left the canonical chain were removed. */
export interface ChainReorganized {
  kind: 'reorg';
  reorg: ReorgData;
}

export interface SyncProgress {
  kind: 'sync_status';
  status: SyncStatusData;
}

export type ChainEvent = BlockIngested | ChainReorganized | SyncProgress;

/**
 * The in-process bus from ingestion to its readers (stats, gateway). Ingestion publishes here and knows
 * nothing of who listens: the gateway subscribes, ingestion never imports the gateway.
 */
@Injectable()
export class ChainEvents implements OnModuleDestroy {
  private readonly subject = new Subject<ChainEvent>();
  readonly events$ = this.subject.asObservable();

  publish(event: ChainEvent): void {
    this.subject.next(event);
  }

  onModuleDestroy(): void {
    this.subject.complete();
  }
}
