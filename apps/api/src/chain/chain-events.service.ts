import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Subject } from 'rxjs';

import type { BlockBundle } from '../activity/activity-store.service';

/** Published after a block is durably stored (never before: nothing is announced that could be lost). */
export interface BlockIngested {
  kind: 'block_ingested';
  bundle: BlockBundle;
}

/** Published when stored blocks were found off the canonical chain and removed. */
export interface BlocksRemoved {
  kind: 'blocks_removed';
  fromNumber: number;
  removedHashes: string[];
}

export type ChainEvent = BlockIngested | BlocksRemoved;

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
