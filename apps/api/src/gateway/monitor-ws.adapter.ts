import type { IncomingMessage } from 'node:http';

import type { INestApplicationContext } from '@nestjs/common';
import { WsAdapter } from '@nestjs/platform-ws';

import type { AppConfig } from '../config/app-config';
import { clientIp, compileTrust } from './client-ip';

export interface UpgradeDecision {
  ok: boolean;
  status?: number;
  reason?: string;
}

/**
 * Decides an upgrade before any frame flows. A browser always sends Origin: it must be one of
 * CORS_ORIGINS (cross-site WebSocket hijacking). Non-browser clients (integrations, ws:tail) send none
 * and are let in. Beyond MAX_CLIENTS_PER_IP connections from one client IP, 429; beyond MAX_CLIENTS, 503.
 */
export function decideUpgrade(
  origin: string | undefined,
  allowedOrigins: readonly string[],
  clients: number,
  maxClients: number,
  perIp: { clients: number; max: number } = { clients: 0, max: Infinity },
): UpgradeDecision {
  if (origin !== undefined && !allowedOrigins.includes('*') && !allowedOrigins.includes(origin)) {
    return { ok: false, status: 403, reason: `origin ${origin} is not allowed (CORS_ORIGINS)` };
  }
  if (perIp.clients >= perIp.max)
    return {
      ok: false,
      status: 429,
      reason: `too many connections from one address: ${perIp.max} (MAX_CLIENTS_PER_IP)`,
    };
  if (clients >= maxClients)
    return { ok: false, status: 503, reason: `server full: ${maxClients} clients (MAX_CLIENTS)` };
  return { ok: true };
}

/**
 * Open connections per client IP: counted when an upgrade is let in, until its TCP socket closes
 * (whether the upgrade completed or not), so the count cannot drift from the sockets. Bounded by the
 * open sockets: an address with none is forgotten.
 */
export class ConnectionsPerIp {
  private readonly counts = new Map<string, number>();

  of(ip: string): number {
    return this.counts.get(ip) ?? 0;
  }

  /** Counts one connection from `ip`; `closed` is where the count goes down again. */
  add(ip: string, closed: (release: () => void) => void): void {
    this.counts.set(ip, this.of(ip) + 1);
    let released = false;
    closed(() => {
      if (released) return;
      released = true;
      const n = this.of(ip) - 1;
      if (n > 0) this.counts.set(ip, n);
      else this.counts.delete(ip);
    });
  }

  get addresses(): number {
    return this.counts.size;
  }
}

/** Nest's WsAdapter owns the upgrade; this one adds the Origin, per-IP and capacity checks to it. */
export class MonitorWsAdapter extends WsAdapter {
  private readonly trust: ReturnType<typeof compileTrust>;
  readonly perIp = new ConnectionsPerIp();

  constructor(
    app: INestApplicationContext,
    private readonly config: AppConfig,
    private readonly clientCount: () => number,
  ) {
    super(app);
    this.trust = compileTrust(config.trustProxy);
  }

  override create(port: number, options: Record<string, unknown> = {}) {
    return super.create(port, {
      ...options,
      verifyClient: (
        info: { origin?: string; req: IncomingMessage },
        done: (ok: boolean, status?: number, reason?: string) => void,
      ) => {
        const ip = clientIp(info.req, this.trust);
        const decision = decideUpgrade(
          info.req.headers.origin,
          this.config.corsOrigins,
          this.clientCount(),
          this.config.maxClients,
          { clients: this.perIp.of(ip), max: this.config.maxClientsPerIp },
        );
        if (decision.ok && !info.req.socket.destroyed)
          this.perIp.add(ip, (release) => info.req.socket.once('close', release));
        done(decision.ok, decision.status, decision.reason);
      },
    });
  }
}
