import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { ConnectionStates, type Connection } from 'mongoose';

import type { HealthReport, HealthStatus } from '@aura/events';

import { BlockFollower } from '../chain/block-follower.service';

const startedAt = Date.now();

@Injectable()
export class HealthService {
  constructor(
    @InjectConnection() private readonly connection: Connection,
    private readonly follower: BlockFollower,
  ) {}

  report(): HealthReport {
    const f = this.follower.status();
    const state = ConnectionStates[this.connection.readyState] ?? 'unknown';
    const dbConnected = this.connection.readyState === ConnectionStates.connected;
    const lagBlocks = f.head !== null && f.lastProcessed ? Math.max(0, f.head - f.lastProcessed.number) : null;
    let status: HealthStatus = 'ok';
    if (!dbConnected || !f.reachable) status = 'down';
    else if (f.lastError !== null) status = 'degraded';
    return {
      status,
      chain: {
        reachable: f.reachable,
        chainId: f.chainId,
        head: f.head,
        lastProcessed: f.lastProcessed?.number ?? null,
        lagBlocks,
        lastError: f.lastError,
      },
      database: { state: String(state), connected: dbConnected },
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
    };
  }
}
