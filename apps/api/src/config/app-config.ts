// The one place that turns environment variables into typed configuration. Every problem names its
// variable, and all problems are reported at once so a operator fixes them in one go.
import { looksLikeApiKey } from '../auth/access-roles';
import { EnvReader, type EnvSource, type RpcEndpoint, type TrustProxy } from './env-reader';

export type { EnvSource, RpcEndpoint, TrustProxy } from './env-reader';

export interface AppConfig {
  port: number;
  /** One or more JSON-RPC endpoints (comma-separated POLYGON_RPC_URL): the first is preferred, the others take over. */
  rpcEndpoints: RpcEndpoint[];
  /** Optional WebSocket RPC endpoint for the newHeads subscription (POLYGON_WS_URL). */
  wsEndpoint: RpcEndpoint | null;
  /** Expected chain id; when set, a node on another chain is refused. */
  chainId: number | null;
  badgeContract: string | null;
  passportContract: string | null;
  /** As given (it may carry credentials): only the driver sees it; anything shown goes through redactUrl. */
  mongoUrl: string;
  dbName: string;
  pollIntervalMs: number;
  /** Per-call RPC timeout. */
  rpcTimeoutMs: number;
  /** First block on a first start; null = head - backfillBlocks. */
  startBlock: number | null;
  backfillBlocks: number;
  /** Blocks per batched request when catching up; 1 = one block at a time (the live path). */
  backfillBatchBlocks: number;
  /** Deepest reorg resolved in place; deeper is an error state and a resync. */
  maxReorgDepth: number;
  /** Process a block only once it is this many blocks deep (0: at once). */
  confirmations: number;
  /** Browser origins, each reduced to `scheme://host[:port]` as a browser sends it; `*` = any. */
  corsOrigins: string[];
  /** Most WebSocket clients at once; more are refused at the upgrade (503). */
  maxClients: number;
  /** Most WebSocket clients at once from one client IP (resolved through trustProxy); more get 429. */
  maxClientsPerIp: number;
  /** Broadcast frames kept for `resume`. */
  replayBufferSize: number;
  /** Most stored blocks a `resume { fromBlock }` replays (further back: error resume_too_old, use REST). */
  resumeMaxBlocks: number;
  /** Slow consumers: unsent bytes above which non-essential frames are dropped, and the client closed. */
  wsSoftBufferBytes: number;
  wsMaxBufferBytes: number;
  /** Server ping period; a client that missed the previous pong is terminated. */
  wsHeartbeatMs: number;
  /** How many recent items the snapshot frame carries. */
  snapshot: { blocks: number; transactions: number; badges: number };
  /** At most one stats_update frame per this many ms (changes in between are coalesced). */
  statsIntervalMs: number;
  /** REST requests per client IP per minute; more get 429 with Retry-After (0: no limit). */
  rateLimitPerMinute: number;
  logLevel: LogLevel;
  /** Express `trust proxy`: which proxies' X-Forwarded-For names the client (rate limits, logs). */
  trustProxy: TrustProxy;
  /**
   * off: open (the local stack); keys: every route but liveness/readiness and every upgrade needs an API
   * key; oidc: an OIDC access token from OIDC_ISSUER_URL, or an API key (machines).
   */
  authMode: 'off' | 'keys' | 'oidc';
  /** AUTH_MODE=oidc: the issuer, the audience access tokens must carry, the claim holding the roles, the dashboard's client id. */
  oidc: { issuerUrl: string; audience: string; roleClaim: string; clientId: string | null } | null;
  /** A first admin key (aura_…), stored at boot when absent. */
  adminApiKey: string | null;
  /** A bearer token that may read /metrics alone (a scraper needs no API key). */
  metricsToken: string | null;
  /** How long a WebSocket ticket (POST /api/monitor/auth/ws-ticket) stays valid. */
  wsTicketTtlSeconds: number;
  /** REST requests per API key per minute; more get 429 (0: no limit). */
  keyRateLimitPerMinute: number;
  /** Most WebSocket connections at once per API key; more are refused at the upgrade (429). */
  maxClientsPerKey: number;
  /** Alerting: delivery retries, retention, the health watcher's period, and the channels' endpoints. */
  alerts: {
    maxAttempts: number;
    retryBaseMs: number;
    retryMaxMs: number;
    retentionDays: number;
    healthIntervalMs: number;
    /** A health condition's change is told once it held this long (a single failed call does not fire). */
    healthForMs: number;
    /** How long a deliverer holds a claimed row; past it (the claimant died mid-send) another retakes it. */
    claimMs: number;
    telegramApiUrl: string;
    pagerDutyEventsUrl: string;
    /** As given (it may carry a password): only the mailer sees it. */
    smtpUrl: string | null;
    emailFrom: string;
    httpTimeoutMs: number;
  };
  /** Where the values came from when not from the environment (for logs). */
  devnetEnvFile: string | null;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Every variable the API reads (documented in .env.example and the README). */
export const ENV_VARIABLES = [
  'PORT',
  'POLYGON_RPC_URL',
  'POLYGON_WS_URL',
  'CHAIN_ID',
  'BADGE_CONTRACT_ADDRESS',
  'PASSPORT_CONTRACT_ADDRESS',
  'MONGO_URL',
  'DB_NAME',
  'POLL_INTERVAL_MS',
  'RPC_TIMEOUT_MS',
  'START_BLOCK',
  'BACKFILL_BLOCKS',
  'BACKFILL_BATCH_BLOCKS',
  'MAX_REORG_DEPTH',
  'CONFIRMATIONS',
  'CORS_ORIGINS',
  'MAX_CLIENTS',
  'MAX_CLIENTS_PER_IP',
  'REPLAY_BUFFER_SIZE',
  'RESUME_MAX_BLOCKS',
  'WS_SOFT_BUFFER_BYTES',
  'WS_MAX_BUFFER_BYTES',
  'WS_HEARTBEAT_MS',
  'SNAPSHOT_BLOCKS',
  'SNAPSHOT_TRANSACTIONS',
  'SNAPSHOT_BADGES',
  'STATS_INTERVAL_MS',
  'RATE_LIMIT_PER_MINUTE',
  'LOG_LEVEL',
  'TRUST_PROXY',
  'AUTH_MODE',
  'ADMIN_API_KEY',
  'METRICS_TOKEN',
  'WS_TICKET_TTL_SECONDS',
  'KEY_RATE_LIMIT_PER_MINUTE',
  'MAX_CLIENTS_PER_KEY',
  'OIDC_ISSUER_URL',
  'OIDC_AUDIENCE',
  'OIDC_ROLE_CLAIM',
  'OIDC_CLIENT_ID',
  'ALERT_MAX_ATTEMPTS',
  'ALERT_RETRY_BASE_MS',
  'ALERT_RETRY_MAX_MS',
  'ALERT_RETENTION_DAYS',
  'ALERT_HEALTH_INTERVAL_MS',
  'ALERT_HEALTH_FOR_MS',
  'ALERT_CLAIM_MS',
  'ALERT_HTTP_TIMEOUT_MS',
  'ALERT_EMAIL_FROM',
  'TELEGRAM_API_URL',
  'PAGERDUTY_EVENTS_URL',
  'SMTP_URL',
] as const;

/**
 * Parses the environment. `devnet` holds the values of .devnet/devnet.env, used for any variable the
 * environment leaves unset (so `npm run devnet` + `npm run api` needs no configuration at all).
 */
export function parseAppConfig(
  env: EnvSource,
  devnet: EnvSource | null = null,
  devnetFile: string | null = null,
): AppConfig {
  const chainVars = [
    'POLYGON_RPC_URL',
    'POLYGON_WS_URL',
    'CHAIN_ID',
    'BADGE_CONTRACT_ADDRESS',
    'PASSPORT_CONTRACT_ADDRESS',
  ];
  // The devnet file only fills in when the environment names no chain at all: mixing a real RPC URL
  // with local contract addresses would watch the wrong contracts.
  const useDevnet = devnet !== null && env['POLYGON_RPC_URL'] === undefined;
  const merged: EnvSource = { ...env };
  if (useDevnet) for (const k of chainVars) if (merged[k] === undefined) merged[k] = devnet[k];
  const r = new EnvReader(merged);

  const rpcRaw = r.raw('POLYGON_RPC_URL');
  let rpcEndpoints: RpcEndpoint[] = [];
  if (rpcRaw === undefined) {
    r.problems.push(
      'POLYGON_RPC_URL is not set and no .devnet/devnet.env was found: set it (e.g. https://rpc-amoy.polygon.technology) or start the local chain with `npm run devnet`',
    );
  } else {
    rpcEndpoints = r.endpoints('POLYGON_RPC_URL', rpcRaw, ['http:', 'https:']);
  }
  const wsRaw = r.raw('POLYGON_WS_URL');
  const wsEndpoints = wsRaw === undefined ? [] : r.endpoints('POLYGON_WS_URL', wsRaw, ['ws:', 'wss:']);
  if (wsEndpoints.length > 1) r.problems.push('POLYGON_WS_URL takes one URL (the subscription needs one socket)');
  const chainIdRaw = r.raw('CHAIN_ID');
  const chainId = chainIdRaw === undefined ? null : r.int('CHAIN_ID', 0, 1, 2 ** 32);

  const corsOrigins = r.origins('CORS_ORIGINS', r.raw('CORS_ORIGINS') ?? 'http://localhost:4200,http://127.0.0.1:4200');
  const mongoUrl = r.mongoUrl('MONGO_URL', r.raw('MONGO_URL') ?? 'mongodb://127.0.0.1:27017');

  const config: AppConfig = {
    port: r.int('PORT', 8080, 1, 65535),
    rpcEndpoints,
    wsEndpoint: wsEndpoints[0] ?? null,
    chainId,
    badgeContract: r.address('BADGE_CONTRACT_ADDRESS'),
    passportContract: r.address('PASSPORT_CONTRACT_ADDRESS'),
    mongoUrl,
    dbName: r.raw('DB_NAME') ?? 'aura_protocol',
    pollIntervalMs: r.int('POLL_INTERVAL_MS', 1000, 100, 60_000),
    rpcTimeoutMs: r.int('RPC_TIMEOUT_MS', 10_000, 100, 120_000),
    startBlock: r.raw('START_BLOCK') === undefined ? null : r.int('START_BLOCK', 0, 0, Number.MAX_SAFE_INTEGER),
    backfillBlocks: r.int('BACKFILL_BLOCKS', 1000, 0, 10_000_000),
    backfillBatchBlocks: r.int('BACKFILL_BATCH_BLOCKS', 50, 1, 1000),
    maxReorgDepth: r.int('MAX_REORG_DEPTH', 200, 1, 10_000),
    confirmations: r.int('CONFIRMATIONS', 0, 0, 1_000),
    corsOrigins,
    maxClients: r.int('MAX_CLIENTS', 10_000, 1, 1_000_000),
    maxClientsPerIp: r.int('MAX_CLIENTS_PER_IP', 50, 1, 1_000_000),
    replayBufferSize: r.int('REPLAY_BUFFER_SIZE', 1_000, 0, 1_000_000),
    resumeMaxBlocks: r.int('RESUME_MAX_BLOCKS', 10_000, 1, 1_000_000),
    wsSoftBufferBytes: r.int('WS_SOFT_BUFFER_BYTES', 256 * 1024, 1_024, 1024 ** 3),
    wsMaxBufferBytes: r.int('WS_MAX_BUFFER_BYTES', 4 * 1024 * 1024, 1_024, 1024 ** 3),
    wsHeartbeatMs: r.int('WS_HEARTBEAT_MS', 30_000, 1_000, 600_000),
    snapshot: {
      blocks: r.int('SNAPSHOT_BLOCKS', 5, 0, 100),
      transactions: r.int('SNAPSHOT_TRANSACTIONS', 10, 0, 100),
      badges: r.int('SNAPSHOT_BADGES', 10, 0, 100),
    },
    statsIntervalMs: r.int('STATS_INTERVAL_MS', 2_000, 100, 600_000),
    rateLimitPerMinute: r.int('RATE_LIMIT_PER_MINUTE', 600, 0, 1_000_000),
    logLevel: r.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    // Loopback only by default: trusting a whole private network would let any client on it forge
    // X-Forwarded-For and slip the rate limit. A proxy elsewhere (docker's nginx) is named explicitly.
    trustProxy: r.trustProxy('TRUST_PROXY', ['loopback']),
    authMode: r.oneOf('AUTH_MODE', ['off', 'keys', 'oidc'] as const, 'off'),
    oidc: null,
    adminApiKey: r.raw('ADMIN_API_KEY') ?? null,
    metricsToken: r.raw('METRICS_TOKEN') ?? null,
    wsTicketTtlSeconds: r.int('WS_TICKET_TTL_SECONDS', 30, 1, 3_600),
    keyRateLimitPerMinute: r.int('KEY_RATE_LIMIT_PER_MINUTE', 1_200, 0, 1_000_000),
    maxClientsPerKey: r.int('MAX_CLIENTS_PER_KEY', 100, 1, 1_000_000),
    alerts: {
      maxAttempts: r.int('ALERT_MAX_ATTEMPTS', 8, 1, 100),
      retryBaseMs: r.int('ALERT_RETRY_BASE_MS', 2_000, 10, 3_600_000),
      retryMaxMs: r.int('ALERT_RETRY_MAX_MS', 300_000, 10, 86_400_000),
      retentionDays: r.int('ALERT_RETENTION_DAYS', 30, 1, 3_650),
      healthIntervalMs: r.int('ALERT_HEALTH_INTERVAL_MS', 1_000, 100, 60_000),
      healthForMs: r.int('ALERT_HEALTH_FOR_MS', 5_000, 0, 3_600_000),
      claimMs: r.int('ALERT_CLAIM_MS', 60_000, 1_000, 3_600_000),
      telegramApiUrl: r
        .url('TELEGRAM_API_URL', r.raw('TELEGRAM_API_URL') ?? 'https://api.telegram.org', ['http:', 'https:'])
        .replace(/\/+$/, ''),
      pagerDutyEventsUrl: r.url(
        'PAGERDUTY_EVENTS_URL',
        r.raw('PAGERDUTY_EVENTS_URL') ?? 'https://events.pagerduty.com/v2/enqueue',
        ['http:', 'https:'],
      ),
      smtpUrl:
        r.raw('SMTP_URL') === undefined ? null : r.url('SMTP_URL', r.raw('SMTP_URL') as string, ['smtp:', 'smtps:']),
      emailFrom: r.raw('ALERT_EMAIL_FROM') ?? 'Aura Monitor <alerts@localhost>',
      httpTimeoutMs: r.int('ALERT_HTTP_TIMEOUT_MS', 10_000, 100, 120_000),
    },
    devnetEnvFile: useDevnet ? devnetFile : null,
  };
  if (config.alerts.retryBaseMs > config.alerts.retryMaxMs) {
    r.problems.push(
      `ALERT_RETRY_BASE_MS (${config.alerts.retryBaseMs}) must not exceed ALERT_RETRY_MAX_MS (${config.alerts.retryMaxMs})`,
    );
  }
  if (config.alerts.claimMs <= config.alerts.httpTimeoutMs) {
    // A claim that runs out while its send is still waiting lets another deliverer send the row again.
    r.problems.push(
      `ALERT_CLAIM_MS (${config.alerts.claimMs}) must exceed ALERT_HTTP_TIMEOUT_MS (${config.alerts.httpTimeoutMs})`,
    );
  }
  if (config.authMode === 'oidc') {
    const issuer = r.raw('OIDC_ISSUER_URL');
    const audience = r.raw('OIDC_AUDIENCE');
    if (issuer === undefined)
      r.problems.push('OIDC_ISSUER_URL is required with AUTH_MODE=oidc (the `iss` of the access tokens)');
    if (audience === undefined)
      r.problems.push('OIDC_AUDIENCE is required with AUTH_MODE=oidc (the `aud` the API accepts in access tokens)');
    if (issuer !== undefined && audience !== undefined)
      config.oidc = {
        issuerUrl: r.url('OIDC_ISSUER_URL', issuer, ['http:', 'https:']),
        audience,
        roleClaim: r.raw('OIDC_ROLE_CLAIM') ?? 'roles',
        clientId: r.raw('OIDC_CLIENT_ID') ?? null,
      };
  }
  if (config.adminApiKey !== null && !looksLikeApiKey(config.adminApiKey)) {
    r.problems.push(
      'ADMIN_API_KEY must be an API key of this monitor: aura_ and 43 characters of [A-Za-z0-9_-] (make one with `npm run keys -- generate`)',
    );
  }
  if (config.metricsToken !== null && config.metricsToken.length < 16) {
    r.problems.push('METRICS_TOKEN must be at least 16 characters (a scraper sends it as Authorization: Bearer …)');
  }
  if (config.wsSoftBufferBytes >= config.wsMaxBufferBytes) {
    r.problems.push(
      `WS_SOFT_BUFFER_BYTES (${config.wsSoftBufferBytes}) must be less than WS_MAX_BUFFER_BYTES (${config.wsMaxBufferBytes}): ` +
        'frames are dropped at the first, the client is closed at the second',
    );
  }
  if (!/^[A-Za-z0-9_-]{1,63}$/.test(config.dbName)) {
    r.problems.push(`DB_NAME="${config.dbName}" may hold only letters, digits, _ and - (at most 63)`);
  }
  if (r.problems.length) throw new ConfigError(r.problems);
  return config;
}

/** Reads a KEY=VALUE file (comments and blank lines ignored). */
export function parseEnvFile(text: string): EnvSource {
  const out: EnvSource = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (m && m[1] && !line.trimStart().startsWith('#')) out[m[1]] = m[2]?.replace(/^"(.*)"$/, '$1');
  }
  return out;
}
