import type { IncomingMessage } from 'node:http';

import type { INestApplicationContext } from '@nestjs/common';
import { WsAdapter } from '@nestjs/platform-ws';

import type { AppConfig } from '../config/app-config';

export interface UpgradeDecision {
  ok: boolean;
  status?: number;
  reason?: string;
}

/**
 * Decides an upgrade before any frame flows. A browser always sends Origin: it must be one of
 * CORS_ORIGINS (cross-site WebSocket hijacking). Non-browser clients (integrations, ws:tail) send none
 * and are let in. Beyond MAX_CLIENTS, a clean 503.
 */
export function decideUpgrade(
  origin: string | undefined,
  allowedOrigins: readonly string[],
  clients: number,
  maxClients: number,
): UpgradeDecision {
  if (origin !== undefined && !allowedOrigins.includes('*') && !allowedOrigins.includes(origin)) {
    return { ok: false, status: 403, reason: `origin ${origin} is not allowed (CORS_ORIGINS)` };
  }
  if (clients >= maxClients)
    return { ok: false, status: 503, reason: `server full: ${maxClients} clients (MAX_CLIENTS)` };
  return { ok: true };
}

/** Nest's WsAdapter owns the upgrade; this one adds the Origin and capacity checks to it. */
export class MonitorWsAdapter extends WsAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly config: AppConfig,
    private readonly clientCount: () => number,
  ) {
    super(app);
  }

  override create(port: number, options: Record<string, unknown> = {}) {
    return super.create(port, {
      ...options,
      verifyClient: (
        info: { origin?: string; req: IncomingMessage },
        done: (ok: boolean, status?: number, reason?: string) => void,
      ) => {
        const decision = decideUpgrade(
          info.req.headers.origin,
          this.config.corsOrigins,
          this.clientCount(),
          this.config.maxClients,
        );
        done(decision.ok, decision.status, decision.reason);
      },
    });
  }
}
