import { Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import {
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import type { Subscription } from 'rxjs';
import { WebSocket, type RawData, type Server } from 'ws';

import { type AnyServerFrame, validateServerFrame } from '@aura/events';

import { ChainEvents, type ChainEvent } from '../chain/chain-events.service';
import { StatsService } from '../stats/stats.service';
import { framesForBlock } from './wire-frames';

/** Inbound frames are tiny (`ping`, later `subscribe`): refuse anything larger before parsing it. */
const MAX_INBOUND_BYTES = 4 * 1024;

/**
 * /ws/monitor on the API's own HTTP server. Broadcasts what ingestion publishes, in the seed's
 * `{ type, data }` frames. Each broadcast is serialized once and the same buffer is sent to every client.
 */
@WebSocketGateway({ path: '/ws/monitor', maxPayload: MAX_INBOUND_BYTES, perMessageDeflate: false })
export class MonitorGateway implements OnGatewayConnection, OnGatewayDisconnect, OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(MonitorGateway.name);
  private subscription: Subscription | null = null;
  private readonly clients = new Set<WebSocket>();

  @WebSocketServer() server!: Server;

  constructor(
    private readonly chainEvents: ChainEvents,
    private readonly stats: StatsService,
  ) {}

  onModuleInit(): void {
    this.subscription = this.chainEvents.events$.subscribe((event) => void this.onChainEvent(event));
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
    // 1001 "going away": clients reconnect elsewhere or later.
    for (const client of this.clients) client.close(1001, 'server shutting down');
  }

  handleConnection(client: WebSocket): void {
    this.clients.add(client);
    client.on('message', (raw: RawData, isBinary: boolean) => this.onClientMessage(client, raw, isBinary));
    this.logger.debug(`client connected (${this.clients.size} connected)`);
  }

  handleDisconnect(client: WebSocket): void {
    this.clients.delete(client);
  }

  get clientCount(): number {
    return this.clients.size;
  }

  private onClientMessage(client: WebSocket, raw: RawData, isBinary: boolean): void {
    let message: unknown;
    try {
      message = JSON.parse(isBinary ? '' : raw.toString());
    } catch {
      return this.sendTo(client, { type: 'error', data: { code: 'bad_json', reason: 'frame is not valid JSON' } });
    }
    const type = typeof message === 'object' && message !== null ? (message as { type?: unknown }).type : undefined;
    if (type === 'ping') return this.sendTo(client, { type: 'pong', data: { ts: new Date().toISOString() } });
    this.sendTo(client, {
      type: 'error',
      data: { code: 'unknown_type', reason: `unknown message type ${JSON.stringify(type)}; supported: ping` },
    });
  }

  private async onChainEvent(event: ChainEvent): Promise<void> {
    switch (event.kind) {
      case 'block_ingested': {
        // History stored while catching up is not replayed as live frames: sync_status reports it.
        if (!event.live) return;
        for (const frame of framesForBlock(event.bundle)) this.broadcast(frame);
        const { transactions, tokenEvents } = event.bundle;
        if (transactions.length || tokenEvents.length) await this.broadcastStats();
        return;
      }
      case 'reorg':
        this.broadcast({ type: 'reorg', data: event.reorg });
        await this.broadcastStats();
        return;
      case 'sync_status':
        this.broadcast({ type: 'sync_status', data: event.status });
        if (event.status.state === 'live') await this.broadcastStats();
        return;
    }
  }

  private async broadcastStats(): Promise<void> {
    try {
      const s = await this.stats.current();
      this.broadcast({
        type: 'stats_update',
        data: {
          total_users: s.total_users,
          total_badges: s.total_badges,
          total_passports: s.total_passports,
          recent_badges_24h: s.recent_badges_24h,
        },
      });
    } catch (err) {
      this.logger.warn(`stats_update skipped: ${(err as Error).message}`);
    }
  }

  broadcast(frame: AnyServerFrame): void {
    const checked = validateServerFrame(frame);
    if (!checked.ok) {
      // A frame that breaks the public contract is a bug on our side: never send it.
      this.logger.error(`refusing to send an invalid ${frame.type} frame: ${checked.errors.join('; ')}`);
      return;
    }
    if (!this.clients.size) return;
    const payload = Buffer.from(JSON.stringify(frame));
    for (const client of this.clients) {
      if (client.readyState === WebSocket.OPEN) client.send(payload, { binary: false });
    }
  }

  private sendTo(client: WebSocket, frame: { type: string; data: unknown }): void {
    if (client.readyState === WebSocket.OPEN) client.send(JSON.stringify(frame));
  }
}
