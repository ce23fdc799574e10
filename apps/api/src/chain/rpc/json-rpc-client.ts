// A JSON-RPC client over HTTP with what a long-running follower needs and ethers' provider hides:
// a timeout per call, batches, failover across several endpoints, retries with backoff and jitter,
// and 429 Retry-After. Only eth_* reads by number or hash are sent, so any endpoint can answer.
// A provider URL carries its API key: errors and states name an endpoint by its `name`, never its URL.
import { redactUrl } from '../../common/redact-url';
import type { RpcEndpoint } from '../../config/app-config';
import { ENDPOINT_COOLDOWN_MS, endpointCooldown, parseRetryAfter, RETRY_COUNT, retryDelay } from './retry-policy';

export class RpcError extends Error {
  constructor(
    message: string,
    /** Worth another try (network, timeout, 5xx, 429, malformed answer). */
    readonly retryable: boolean,
    readonly retryAfterMs: number | null = null,
    /** JSON-RPC error code, when the node answered with one. */
    readonly code: number | null = null,
  ) {
    super(message);
    this.name = 'RpcError';
  }
}

/** Providers refuse eth_getLogs over too many blocks or results with varied messages: match them all. */
const RANGE_TOO_LARGE_RE =
  /(query returned more than|too many|limit exceeded|block range|range (is )?too (large|wide)|exceed(s|ed)? (the )?max|response size)/i;
export function isRangeTooLarge(err: unknown): boolean {
  return err instanceof RpcError && (err.code === -32005 || RANGE_TOO_LARGE_RE.test(err.message));
}

/** Transient node-side errors of load-balanced providers (a backend a block behind the others). */
const TRANSIENT_RPC_RE =
  /(header not found|unknown block|block not found|missing trie node|try again|timeout|temporarily)/i;

export interface RpcCall {
  method: string;
  params: unknown[];
}

export interface EndpointState {
  /** The operator's label or the URL's scheme and host: safe to show. */
  name: string;
  /** Scheme and host only (redactUrl). */
  url: string;
  healthy: boolean;
  consecutiveFailures: number;
  lastError: string | null;
}

export interface RpcClientOptions {
  timeoutMs: number;
  retries?: number;
  fetchFn?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  random?: () => number;
  /** Called for each failed attempt (for logs and metrics). */
  onAttemptFailed?: (info: { endpoint: string; method: string; attempt: number; error: RpcError }) => void;
  /** Called after every attempt with its duration; `method` is the method, or `batch:<first method>`. */
  onAttempt?: (info: { method: string; seconds: number; ok: boolean }) => void;
}

interface Endpoint extends EndpointState {
  /** The whole URL, key included: only fetch sees it. */
  target: string;
  downUntil: number;
}

let nextId = 1;

export class JsonRpcClient {
  private readonly endpoints: Endpoint[];
  private readonly retries: number;
  private readonly fetchFn: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly random: () => number;

  constructor(
    endpoints: readonly RpcEndpoint[],
    private readonly options: RpcClientOptions,
  ) {
    if (!endpoints.length) throw new Error('JsonRpcClient needs at least one endpoint');
    this.endpoints = endpoints.map(({ url, name }) => ({
      target: url,
      name,
      url: redactUrl(url),
      healthy: true,
      consecutiveFailures: 0,
      lastError: null,
      downUntil: 0,
    }));
    this.retries = options.retries ?? RETRY_COUNT;
    this.fetchFn = options.fetchFn ?? fetch;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
  }

  endpointStates(): EndpointState[] {
    return this.endpoints.map(({ name, url, healthy, consecutiveFailures, lastError }) => ({
      name,
      url,
      healthy,
      consecutiveFailures,
      lastError,
    }));
  }

  async call<T>(method: string, params: unknown[] = []): Promise<T> {
    const [result] = await this.batch<T>([{ method, params }]);
    return result as T;
  }

  /** Sends the calls as one JSON-RPC batch; results come back in the order of `calls`. */
  async batch<T = unknown>(calls: RpcCall[]): Promise<T[]> {
    if (!calls.length) return [];
    const label =
      calls.length === 1 ? (calls[0] as RpcCall).method : `batch of ${calls.length} (${(calls[0] as RpcCall).method}…)`;
    const metricLabel = calls.length === 1 ? (calls[0] as RpcCall).method : `batch:${(calls[0] as RpcCall).method}`;
    let lastError: RpcError | null = null;
    for (let attempt = 0; attempt <= this.retries; attempt++) {
      const endpoint = this.pickEndpoint();
      const started = performance.now();
      try {
        const results = await this.send<T>(endpoint, calls);
        this.options.onAttempt?.({ method: metricLabel, seconds: (performance.now() - started) / 1000, ok: true });
        this.markHealthy(endpoint);
        return results;
      } catch (err) {
        this.options.onAttempt?.({ method: metricLabel, seconds: (performance.now() - started) / 1000, ok: false });
        const error = err instanceof RpcError ? err : new RpcError(String(err), true);
        lastError = error;
        this.options.onAttemptFailed?.({ endpoint: endpoint.name, method: label, attempt, error });
        if (!error.retryable) throw error;
        this.markFailed(endpoint, error);
        if (attempt === this.retries) break;
        // With another endpoint available, fail over at once; otherwise wait (Retry-After wins).
        const another = this.endpoints.some((e) => e !== endpoint && e.downUntil <= this.now());
        const wait = error.retryAfterMs ?? (another ? 0 : retryDelay(attempt, this.random));
        if (wait > 0) await this.sleep(wait);
      }
    }
    throw new RpcError(
      `${label} failed after ${this.retries + 1} attempts: ${lastError?.message}`,
      true,
      lastError?.retryAfterMs ?? null,
      lastError?.code ?? null,
    );
  }

  /** The first endpoint (in configured order) that is not cooling down; the primary comes back first. */
  private pickEndpoint(): Endpoint {
    const now = this.now();
    const ready = this.endpoints.find((e) => e.downUntil <= now);
    if (ready) return ready;
    return this.endpoints.reduce((a, b) => (b.downUntil < a.downUntil ? b : a));
  }

  private markHealthy(e: Endpoint): void {
    e.healthy = true;
    e.consecutiveFailures = 0;
    e.downUntil = 0;
  }

  private markFailed(e: Endpoint, error: RpcError): void {
    e.healthy = false;
    e.consecutiveFailures++;
    e.lastError = error.message;
    e.downUntil =
      this.now() +
      Math.max(error.retryAfterMs ?? 0, this.endpoints.length > 1 ? endpointCooldown(e.consecutiveFailures) : 0);
  }

  private async send<T>(endpoint: Endpoint, calls: RpcCall[]): Promise<T[]> {
    const ids = calls.map(() => nextId++);
    const body = calls.map((c, i) => ({ jsonrpc: '2.0', id: ids[i], method: c.method, params: c.params }));
    let res: Response;
    try {
      res = await this.fetchFn(endpoint.target, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(calls.length === 1 ? body[0] : body),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (err) {
      const e = err as Error;
      const reason =
        e.name === 'TimeoutError'
          ? `timed out after ${this.options.timeoutMs} ms`
          : ((e.cause as Error | undefined)?.message ?? e.message);
      // fetch quotes a URL it cannot parse ("Failed to parse URL from …"): never pass that on.
      throw new RpcError(`${endpoint.name}: ${reason.split(endpoint.target).join(endpoint.name)}`, true);
    }
    if (res.status === 429) {
      throw new RpcError(
        `${endpoint.name}: rate limited (429)`,
        true,
        parseRetryAfter(res.headers.get('retry-after'), this.now()) ?? ENDPOINT_COOLDOWN_MS,
      );
    }
    if (!res.ok) {
      // 5xx and request timeouts are the provider's trouble; other 4xx mean the request itself is wrong.
      const retryable = res.status >= 500 || res.status === 408;
      throw new RpcError(`${endpoint.name}: HTTP ${res.status}`, retryable);
    }
    let payload: unknown;
    try {
      payload = await res.json();
    } catch {
      throw new RpcError(`${endpoint.name}: answer is not JSON`, true);
    }
    const answers = Array.isArray(payload) ? payload : [payload];
    const byId = new Map<unknown, { result?: unknown; error?: { code?: number; message?: string } }>();
    for (const a of answers) if (a && typeof a === 'object') byId.set((a as { id?: unknown }).id, a as never);
    return ids.map((id, i) => {
      const answer = byId.get(id);
      if (!answer)
        throw new RpcError(`${endpoint.name}: no answer for ${(calls[i] as RpcCall).method} in the response`, true);
      if (answer.error) {
        const message = `${(calls[i] as RpcCall).method}: ${answer.error.message ?? 'error'}`;
        const code = typeof answer.error.code === 'number' ? answer.error.code : null;
        throw new RpcError(message, TRANSIENT_RPC_RE.test(message) && code !== -32005, null, code);
      }
      if (!('result' in answer))
        throw new RpcError(`${endpoint.name}: answer without result for ${(calls[i] as RpcCall).method}`, true);
      return answer.result as T;
    });
  }
}
