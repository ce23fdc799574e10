// Whether a health condition holds, from one reading of the monitor's state. Pure.
import type { AlertCondition } from '@aura/events';

import { formatDuration } from './alert-text';

export interface HealthReading {
  now: number;
  /** When the node's head last moved (null: never seen). */
  lastHeadChangeAt: number | null;
  /** When this process started watching (a stall is measured from here before the first head). */
  watchingSince: number;
  lagBlocks: number | null;
  lagSeconds: number | null;
  endpoints: { name: string; healthy: boolean; lastError: string | null }[];
  databaseConnected: boolean;
  /** The follower's error state: its last poll's error, or a fork deeper than MAX_REORG_DEPTH. */
  followerError: string | null;
}

export type HealthCondition = Extract<
  AlertCondition,
  { kind: 'no_new_block' | 'sync_lag' | 'rpc_unhealthy' | 'database_down' | 'follower_error' }
>;

export const HEALTH_CONDITION_KINDS: readonly HealthCondition['kind'][] = [
  'no_new_block',
  'sync_lag',
  'rpc_unhealthy',
  'database_down',
  'follower_error',
];

export const isHealthCondition = (c: AlertCondition): c is HealthCondition =>
  (HEALTH_CONDITION_KINDS as readonly string[]).includes(c.kind);

export function healthConditionHolds(c: HealthCondition, r: HealthReading): { active: boolean; detail: string } {
  switch (c.kind) {
    case 'no_new_block': {
      const quietMs = r.now - (r.lastHeadChangeAt ?? r.watchingSince);
      return {
        active: quietMs > c.seconds * 1000,
        detail:
          r.lastHeadChangeAt === null ? 'no block seen yet' : `last new block ${formatDuration(quietMs / 1000)} ago`,
      };
    }
    case 'sync_lag': {
      const byBlocks = c.blocks !== undefined && r.lagBlocks !== null && r.lagBlocks > c.blocks;
      const bySeconds = c.seconds !== undefined && r.lagSeconds !== null && r.lagSeconds > c.seconds;
      return {
        active: byBlocks || bySeconds,
        detail: `lag ${r.lagBlocks ?? '?'} blocks, ${r.lagSeconds === null ? '?' : formatDuration(r.lagSeconds)}`,
      };
    }
    case 'rpc_unhealthy': {
      const watched = c.endpoint ? r.endpoints.filter((e) => e.name === c.endpoint) : r.endpoints;
      const down = watched.filter((e) => !e.healthy);
      return {
        active: down.length > 0,
        detail: down.length
          ? down.map((e) => `${e.name} unhealthy${e.lastError ? ` (${e.lastError})` : ''}`).join('; ')
          : `${watched.map((e) => e.name).join(', ') || 'no endpoint'} healthy`,
      };
    }
    case 'database_down':
      return {
        active: !r.databaseConnected,
        detail: r.databaseConnected ? 'the database answers' : 'the database does not answer',
      };
    case 'follower_error':
      return { active: r.followerError !== null, detail: r.followerError ?? 'the follower polls without error' };
  }
}
