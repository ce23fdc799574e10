import { InjectionToken } from '@angular/core';

/**
 * Settings read at start-up from `config.json` served beside the app, so one build runs anywhere
 * (the seed's REACT_APP_BACKEND_URL, without a rebuild).
 */
export interface RuntimeConfig {
  /** Base URL of the API, e.g. http://localhost:8080; empty = same origin as the page. */
  backendUrl: string;
  /** Block explorer base URL (e.g. https://amoy.polygonscan.com); empty = no links. */
  explorerUrl: string;
}

export const RUNTIME_CONFIG = new InjectionToken<RuntimeConfig>('RUNTIME_CONFIG');

export const DEFAULT_RUNTIME_CONFIG: RuntimeConfig = { backendUrl: 'http://localhost:8080', explorerUrl: '' };

/** Fills in defaults and strips a trailing slash; unknown keys are ignored. */
export function normalizeRuntimeConfig(raw: unknown): RuntimeConfig {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<Record<keyof RuntimeConfig, unknown>>;
  const str = (v: unknown, fallback: string) => (typeof v === 'string' ? v.trim().replace(/\/+$/, '') : fallback);
  return {
    backendUrl: str(r.backendUrl, DEFAULT_RUNTIME_CONFIG.backendUrl),
    explorerUrl: str(r.explorerUrl, DEFAULT_RUNTIME_CONFIG.explorerUrl),
  };
}

/** ws(s)://host/ws/monitor for the configured backend (or for the page's own origin). */
export function monitorSocketUrl(config: RuntimeConfig, location: { protocol: string; host: string }): string {
  const base = config.backendUrl || `${location.protocol}//${location.host}`;
  const url = new URL('/ws/monitor', base);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

export async function loadRuntimeConfig(fetchFn: typeof fetch = fetch): Promise<RuntimeConfig> {
  try {
    const res = await fetchFn('config.json', { cache: 'no-store' });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return normalizeRuntimeConfig(await res.json());
  } catch (err) {
    console.warn(
      `config.json could not be read (${(err as Error).message}); using ${DEFAULT_RUNTIME_CONFIG.backendUrl}`,
    );
    return DEFAULT_RUNTIME_CONFIG;
  }
}
