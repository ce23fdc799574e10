import type { IncomingMessage } from 'node:http';

import type { INestApplicationContext } from '@nestjs/common';
import { WsAdapter } from '@nestjs/platform-ws';

import { AccessControl, isRefusal, type Refusal } from '../auth/access-control.service';
import { ANONYMOUS, credentialOf, keyFromProtocols, type Principal, WS_PROTOCOL } from '../auth/access-roles';
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
 * Open connections per client IP (or per API key): counted when an upgrade is let in, until its TCP socket closes
 * (whether the upgrade completed or not), so the count cannot drift from the sockets. Bounded by the
 * open sockets: an address with none is forgotten.
 */
export class OpenConnections {
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

  /** How many addresses (or keys) have open connections. */
  get addresses(): number {
    return this.counts.size;
  }
}

/** The request of an upgrade let in, with who it acts as (read by the gateway's handleConnection). */
export type AuthenticatedUpgrade = IncomingMessage & { auraPrincipal?: Principal; auraClientIp?: string };

/**
 * Nest's WsAdapter owns the upgrade; this one adds the Origin, per-IP and capacity checks to it, and in a
 * protected AUTH_MODE the credential: an API key offered as a subprotocol (`aura.v1, <key>`; the server
 * selects `aura.v1` and never echoes the key) or in an Authorization / X-API-Key header, or a single-use
 * ticket in the URL (`?ticket=`). Every refusal is an HTTP answer (401, 403, 429, 503) before the upgrade.
 */
export class MonitorWsAdapter extends WsAdapter {
  private readonly trust: ReturnType<typeof compileTrust>;
  readonly perIp = new OpenConnections();
  readonly perKey = new OpenConnections();

  constructor(
    app: INestApplicationContext,
    private readonly config: AppConfig,
    private readonly clientCount: () => number,
    private readonly access: AccessControl,
  ) {
    super(app);
    this.trust = compileTrust(config.trustProxy);
  }

  override create(port: number, options: Record<string, unknown> = {}) {
    return super.create(port, {
      ...options,
      handleProtocols: (protocols: Set<string>) => (protocols.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
      verifyClient: (
        info: { origin?: string; req: AuthenticatedUpgrade },
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
        if (!decision.ok || info.req.socket.destroyed) return done(false, decision.status, decision.reason);
        this.perIp.add(ip, (release) => info.req.socket.once('close', release));
        info.req.auraClientIp = ip;
        if (!this.access.enabled) {
          info.req.auraPrincipal = ANONYMOUS;
          return done(true);
        }
        this.authenticate(info.req, ip).then(
          (result) => {
            if (isRefusal(result)) return done(false, result.status, result.message);
            const key = result.id;
            if (key !== null && this.perKey.of(key) >= this.config.maxClientsPerKey)
              return done(
                false,
                429,
                `too many connections with one credential: ${this.config.maxClientsPerKey} (MAX_CLIENTS_PER_KEY)`,
              );
            if (key !== null && !info.req.socket.destroyed)
              this.perKey.add(key, (release) => info.req.socket.once('close', release));
            info.req.auraPrincipal = result;
            done(true);
          },
          () => done(false, 503, 'the credential could not be checked now (database unreachable): retry'),
        );
      },
    });
  }

  private async authenticate(req: IncomingMessage, ip: string): Promise<Principal | Refusal> {
    const offered = String(req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
    const key = keyFromProtocols(offered) ?? credentialOf(req.headers);
    const ticket = key === null ? new URL(req.url ?? '/', 'http://upgrade').searchParams.get('ticket') : null;
    const principal = ticket ? await this.access.redeemTicket(ticket) : await this.access.authenticate(key, ip);
    if (isRefusal(principal)) return principal;
    return this.access.authorize(principal, 'viewer') ?? principal;
  }
}
