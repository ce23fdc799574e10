// One POST with a deadline that covers the whole exchange, body included, and a bounded read of the
// answer: a receiver that trickles or floods its reply cannot hold a delivery slot or the heap.

const MAX_ANSWER_BYTES = 16 * 1024;

export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

export class HttpTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
    this.name = 'HttpTimeoutError';
  }
}

export class HttpNetworkError extends Error {
  constructor(readonly code: string) {
    super(code);
    this.name = 'HttpNetworkError';
  }
}

export async function postJson(
  target: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<HttpAnswer> {
  const url = new URL(target);
  const allHeaders: Record<string, string> = {
    'Content-Type': 'application/json',
    'User-Agent': 'AuraMonitor-Alerts/1',
    ...headers,
  };
  // fetch refuses URLs with credentials; a receiver behind basic auth gets them as a header instead.
  if (url.username || url.password) {
    const user = decodeURIComponent(url.username);
    const pass = decodeURIComponent(url.password);
    allHeaders['Authorization'] = `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
    url.username = '';
    url.password = '';
  }
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    // A redirect is not followed: a 301/302 would turn the POST into a GET, and could lead off-site.
    const res = await fetch(url, { method: 'POST', headers: allHeaders, body, signal, redirect: 'manual' });
    const text = await readBounded(res);
    return { status: res.status, headers: res.headers, text, json: parseJson(text) };
  } catch (err) {
    if (signal.aborted) throw new HttpTimeoutError(timeoutMs);
    throw new HttpNetworkError(networkErrorCode(err));
  }
}

async function readBounded(res: Response): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    if (size >= MAX_ANSWER_BYTES) {
      await reader.cancel().catch(() => undefined);
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, MAX_ANSWER_BYTES).toString('utf8');
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** undici reports `fetch failed` with the socket error as its cause: the cause's code is what tells. */
function networkErrorCode(err: unknown): string {
  const cause = (err as { cause?: unknown })?.cause;
  for (const candidate of [cause, err]) {
    const code = (candidate as { code?: unknown })?.code;
    if (typeof code === 'string' && code !== '') return code;
  }
  for (const candidate of [cause, err]) {
    if (candidate instanceof Error && candidate.message) return candidate.message;
  }
  return 'network error';
}
