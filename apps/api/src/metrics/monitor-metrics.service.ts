import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The Prometheus registry behind GET /metrics. One registry per application (not prom-client's global
 * one), so that several apps in one process (the integration tests) do not collide.
 */
@Injectable()
export class MonitorMetrics {
  readonly registry = new Registry();

  private readonly blocksIngested = new Counter({
    name: 'aura_blocks_ingested_total',
    help: 'Blocks stored, by how they came (live: at the head; backfill: catching up).',
    labelNames: ['mode'] as const,
    registers: [this.registry],
  });
  private readonly reorgs = new Counter({
    name: 'aura_reorgs_total',
    help: 'Chain reorganisations resolved.',
    registers: [this.registry],
  });
  private readonly reorgDepth = new Histogram({
    name: 'aura_reorg_depth_blocks',
    help: 'Blocks removed per reorganisation.',
    buckets: [1, 2, 3, 5, 10, 20, 50, 100, 200],
    registers: [this.registry],
  });
  private readonly rpcDuration = new Histogram({
    name: 'aura_rpc_request_duration_seconds',
    help: 'JSON-RPC attempt durations by method (batches as batch:<first method>).',
    labelNames: ['method', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly rpcErrors = new Counter({
    name: 'aura_rpc_errors_total',
    help: 'Failed JSON-RPC attempts by method.',
    labelNames: ['method'] as const,
    registers: [this.registry],
  });
  private readonly wsEvents = new Counter({
    name: 'aura_ws_events_sent_total',
    help: 'WebSocket frames sent to clients, by event type (one per recipient).',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });
  private readonly alertDeliveries = new Counter({
    name: 'aura_alert_deliveries_total',
    help: 'Alert delivery attempts by channel type and outcome (delivered, retry, dead).',
    labelNames: ['channel', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly alertLatency = new Histogram({
    name: 'aura_alert_delivery_latency_seconds',
    help: 'From an alert being raised to its receiver answering, by channel type (delivered ones).',
    labelNames: ['channel'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'aura_http_request_duration_seconds',
    help: 'REST request durations by method, route template and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'aura_' });
  }

  /** Gauges read from the follower at scrape time (set up by the chain module, which owns it). */
  watchFollower(
    status: () => { head: number | null; lagBlocks: number | null; lastProcessed: { number: number } | null },
  ): void {
    this.scrapeGauge(
      'aura_head_lag_blocks',
      'Blocks between the last stored block and the head minus CONFIRMATIONS.',
      () => status().lagBlocks,
    );
    this.scrapeGauge('aura_head_block', 'Latest head reported by the node.', () => status().head);
    this.scrapeGauge('aura_last_processed_block', 'Last block stored.', () => status().lastProcessed?.number ?? null);
  }

  /**
   * 1 for an RPC endpoint whose last attempt succeeded, 0 for one failing, read at scrape time. The label is
   * the endpoint's name (label or scheme and host), never its URL: the URL carries the provider's key.
   */
  watchRpcEndpoints(endpoints: () => { name: string; healthy: boolean }[]): void {
    new Gauge({
      name: 'aura_rpc_endpoint_up',
      help: 'RPC endpoints by name: 1 while the last attempt succeeded, 0 while failing.',
      labelNames: ['endpoint'] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        for (const e of endpoints()) this.set({ endpoint: e.name }, e.healthy ? 1 : 0);
      },
    });
  }

  /** Read from the gateway at scrape time (set up by the gateway, which owns the connections). */
  watchWsClients(count: () => number): void {
    this.scrapeGauge('aura_ws_clients', 'Connected WebSocket clients.', count);
  }

  /** Read from the alert evaluator and the outbox at scrape time (set up by the alerts module). */
  watchAlerting(evaluatorLag: () => number | null, waiting: () => number | null): void {
    this.scrapeGauge(
      'aura_alert_evaluator_lag_blocks',
      'Stored blocks the alert evaluator has not looked at yet.',
      evaluatorLag,
    );
    this.scrapeGauge(
      'aura_alert_deliveries_waiting',
      "Alert deliveries pending, retrying or held (as of the deliverer's last look).",
      waiting,
    );
  }

  alertDelivery(channel: string, outcome: 'delivered' | 'retry' | 'dead', latencySeconds?: number): void {
    this.alertDeliveries.inc({ channel, outcome });
    if (latencySeconds !== undefined) this.alertLatency.observe({ channel }, latencySeconds);
  }

  /** A gauge whose value is read when Prometheus scrapes; null leaves it unset (unknown yet). */
  private scrapeGauge(name: string, help: string, read: () => number | null): void {
    new Gauge({
      name,
      help,
      registers: [this.registry],
      collect() {
        const value = read();
        if (value !== null) this.set(value);
      },
    });
  }

  blockIngested(live: boolean): void {
    this.blocksIngested.inc({ mode: live ? 'live' : 'backfill' });
  }

  reorgResolved(depth: number): void {
    this.reorgs.inc();
    this.reorgDepth.observe(depth);
  }

  observeRpc(method: string, seconds: number, ok: boolean): void {
    this.rpcDuration.observe({ method, outcome: ok ? 'ok' : 'error' }, seconds);
    if (!ok) this.rpcErrors.inc({ method });
  }

  eventsSent(type: string, recipients: number): void {
    if (recipients > 0) this.wsEvents.inc({ type }, recipients);
  }
}
