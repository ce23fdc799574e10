import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import WebSocket from 'ws';

import type { AppConfig, RpcEndpoint } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.provider';
import { BlockFollower } from './block-follower.service';
import { retryDelay } from './rpc/retry-policy';

/** No notification for this long: the subscription is presumed dead and is opened again. */
export const SUBSCRIPTION_SILENCE_MS = 30_000;

export interface SubscriptionStatus {
  enabled: boolean;
  connected: boolean;
  lastHeadAt: Date | null;
  reconnects: number;
  lastError: string | null;
}

/**
 * Lowest-latency head source: `eth_subscribe("newHeads")` over POLYGON_WS_URL. A notification only
 * wakes the follower, which then processes everything from its checkpoint to the head: a dropped or
 * duplicated notification, or two announced blocks at one height, cannot skip or repeat a block.
 * ethers' WebSocketProvider does not reconnect by itself, so this class owns the socket: reconnect
 * with backoff, and a watchdog that reopens a subscription gone silent. The scheduled poll keeps
 * running as the fallback; it skips its tick while notifications are flowing.
 */
@Injectable()
export class HeadSubscription implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(HeadSubscription.name);
  private socket: WebSocket | null = null;
  private watchdog: NodeJS.Timeout | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private attempt = 0;
  private stopped = false;
  private readonly state: SubscriptionStatus = {
    enabled: false,
    connected: false,
    lastHeadAt: null,
    reconnects: 0,
    lastError: null,
  };

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly follower: BlockFollower,
  ) {
    this.state.enabled = config.wsEndpoint !== null;
  }

  onApplicationBootstrap(): void {
    if (!this.config.wsEndpoint) return;
    this.follower.setPollGate(() => this.isFlowing());
    this.open();
    this.watchdog = setInterval(() => this.checkSilence(), Math.min(5_000, SUBSCRIPTION_SILENCE_MS / 2));
  }

  onModuleDestroy(): void {
    this.stopped = true;
    if (this.watchdog) clearInterval(this.watchdog);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.socket?.terminate();
  }

  status(): SubscriptionStatus {
    return { ...this.state };
  }

  /** Notifications arrived recently enough that a poll tick adds nothing. */
  private isFlowing(): boolean {
    return (
      this.state.connected &&
      this.state.lastHeadAt !== null &&
      Date.now() - this.state.lastHeadAt.getTime() < 2 * this.config.pollIntervalMs + 2_000
    );
  }

  private open(): void {
    const { url, name } = this.config.wsEndpoint as RpcEndpoint;
    const socket = new WebSocket(url, { handshakeTimeout: this.config.rpcTimeoutMs, perMessageDeflate: false });
    this.socket = socket;
    socket.on('open', () => {
      socket.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_subscribe', params: ['newHeads'] }));
    });
    socket.on('message', (raw) => this.onMessage(raw.toString()));
    socket.on('error', (err) => {
      // Health shows this: a message quoting the URL (ws does for an invalid one) would show its key.
      this.state.lastError = err.message.split(url).join(name);
    });
    socket.on('close', () => {
      if (this.socket !== socket) return;
      this.state.connected = false;
      this.scheduleReconnect();
    });
  }

  private onMessage(text: string): void {
    let message: { id?: number; result?: unknown; error?: { message?: string }; method?: string };
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (message.id === 1) {
      if (message.error) {
        this.state.lastError = `eth_subscribe refused: ${message.error.message ?? 'error'}`;
        this.logger.warn(`${this.state.lastError}; polling only`);
        this.socket?.close();
        return;
      }
      this.state.connected = true;
      this.state.lastHeadAt = new Date();
      if (this.attempt > 0) this.logger.log(`newHeads subscription restored after ${this.attempt} attempt(s)`);
      this.attempt = 0;
      // Close whatever gap the outage left, at once.
      void this.follower.tick();
      return;
    }
    if (message.method === 'eth_subscription') {
      this.state.lastHeadAt = new Date();
      void this.follower.tick();
    }
  }

  private checkSilence(): void {
    if (!this.state.connected || !this.state.lastHeadAt) return;
    if (Date.now() - this.state.lastHeadAt.getTime() > SUBSCRIPTION_SILENCE_MS) {
      this.logger.warn(`no newHeads notification for ${SUBSCRIPTION_SILENCE_MS / 1000} s: resubscribing`);
      this.state.lastError = 'subscription went silent';
      this.socket?.terminate();
    }
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.reconnectTimer) return;
    const delay = retryDelay(this.attempt++);
    this.state.reconnects++;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (!this.stopped) this.open();
    }, delay);
  }
}
