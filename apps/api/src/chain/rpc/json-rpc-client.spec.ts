import { isRangeTooLarge, JsonRpcClient, RpcError } from './json-rpc-client';

type Reply = (body: { id: number; method: string }[]) => Response | Error;

/** A scripted transport: each request to a URL takes the next reply for that URL. */
function scriptedFetch(script: Record<string, Reply[]>) {
  const seen: { url: string; methods: string[] }[] = [];
  const fetchFn = (async (url: string, init: RequestInit) => {
    const parsed = JSON.parse(String(init.body));
    const body = Array.isArray(parsed) ? parsed : [parsed];
    seen.push({ url, methods: body.map((b: { method: string }) => b.method) });
    const next = script[url]?.shift();
    if (!next) throw new Error(`no scripted reply for ${url}`);
    const reply = next(body);
    if (reply instanceof Error) throw reply;
    return reply;
  }) as unknown as typeof fetch;
  return { fetchFn, seen };
}
const json = (value: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json', ...headers } });
const ok =
  (result: unknown): Reply =>
  (body) =>
    json(body.length === 1 ? { jsonrpc: '2.0', id: body[0]?.id, result } : body.map((b) => ({ id: b.id, result })));
const refused = (): Reply => () =>
  Object.assign(new TypeError('fetch failed'), { cause: new Error('connect ECONNREFUSED') });

function client(script: Record<string, Reply[]>, urls = Object.keys(script), names = urls) {
  const sleeps: number[] = [];
  let now = 1_000_000;
  const { fetchFn, seen } = scriptedFetch(script);
  const c = new JsonRpcClient(
    urls.map((url, i) => ({ url, name: names[i] ?? url })),
    {
      timeoutMs: 1_000,
      retries: 3,
      fetchFn,
      random: () => 1,
      now: () => now,
      sleep: async (ms) => {
        sleeps.push(ms);
        now += ms;
      },
    },
  );
  return { c, sleeps, seen, advance: (ms: number) => (now += ms) };
}

describe('JsonRpcClient', () => {
  it('returns the result of a call', async () => {
    const { c } = client({ 'http://a': [ok('0x10')] });
    expect(await c.call('eth_blockNumber')).toBe('0x10');
  });

  it('fails over to the next URL at once when one is unreachable, and marks it unhealthy', async () => {
    const { c, sleeps, seen } = client({ 'http://a': [refused()], 'http://b': [ok('0x1')] });
    expect(await c.call('eth_chainId')).toBe('0x1');
    expect(seen.map((s) => s.url)).toEqual(['http://a', 'http://b']);
    expect(sleeps).toEqual([]);
    expect(c.endpointStates()[0]).toMatchObject({
      healthy: false,
      consecutiveFailures: 1,
      lastError: expect.stringContaining('ECONNREFUSED'),
    });
  });

  it('goes back to the primary once its cooldown has passed', async () => {
    const { c, seen, advance } = client({ 'http://a': [refused(), ok('0x2')], 'http://b': [ok('0x1')] });
    await c.call('eth_chainId');
    advance(2_001);
    expect(await c.call('eth_chainId')).toBe('0x2');
    expect(seen.map((s) => s.url)).toEqual(['http://a', 'http://b', 'http://a']);
    expect(c.endpointStates()[0]?.healthy).toBe(true);
  });

  it('honours Retry-After on 429', async () => {
    const { c, sleeps } = client({ 'http://a': [() => json({}, 429, { 'retry-after': '2' }), ok('0x5')] });
    expect(await c.call('eth_blockNumber')).toBe('0x5');
    expect(sleeps).toEqual([2_000]);
  });

  it('backs off exponentially on a single endpoint and gives up after the retries', async () => {
    const { c, sleeps } = client({ 'http://a': [refused(), refused(), refused(), refused()] });
    await expect(c.call('eth_blockNumber')).rejects.toThrow('eth_blockNumber failed after 4 attempts');
    expect(sleeps).toEqual([250, 500, 1_000]);
  });

  it('retries a malformed answer and a 5xx, but not a JSON-RPC error about the request', async () => {
    const { c } = client({
      'http://a': [() => new Response('<html>bad gateway', { status: 200 }), () => json({}, 502), ok('0x7')],
    });
    expect(await c.call('eth_blockNumber')).toBe('0x7');
    const { c: c2, seen } = client({
      'http://a': [(b) => json({ id: b[0]?.id, error: { code: -32602, message: 'invalid argument' } })],
    });
    await expect(c2.call('eth_getBlockByNumber', ['zz', false])).rejects.toMatchObject({
      retryable: false,
      code: -32602,
    });
    expect(seen).toHaveLength(1);
  });

  it('treats "header not found" from a lagging backend as transient', async () => {
    const { c } = client({
      'http://a': [(b) => json({ id: b[0]?.id, error: { code: -32000, message: 'header not found' } }), ok('0x9')],
    });
    expect(await c.call('eth_getBlockByNumber', ['0x9', false])).toBe('0x9');
  });

  it('matches batch answers by id whatever their order', async () => {
    const reversed: Reply = (body) => json(body.map((b, i) => ({ id: b.id, result: `r${i}` })).reverse());
    const { c } = client({ 'http://a': [reversed] });
    expect(
      await c.batch([
        { method: 'a', params: [] },
        { method: 'b', params: [] },
        { method: 'c', params: [] },
      ]),
    ).toEqual(['r0', 'r1', 'r2']);
  });

  it('names an endpoint by its name in errors and states, never by its URL with the key', async () => {
    const keyed = 'https://rpc.example/v2/PATHKEY?apikey=QUERYKEY';
    const unparseable = Object.assign(new TypeError(`Failed to parse URL from ${keyed}`), {});
    const { c } = client(
      { [keyed]: [refused(), () => json({}, 503), () => new Response('<html>'), () => unparseable] },
      [keyed],
      ['alchemy'],
    );
    const failure = await c.call('eth_blockNumber').catch((e: RpcError) => e);
    const states = c.endpointStates();
    const shown = JSON.stringify([(failure as Error).message, states]);
    expect(shown).not.toMatch(/PATHKEY|QUERYKEY/);
    expect((failure as Error).message).toMatch(/^eth_blockNumber failed after 4 attempts: alchemy: /);
    expect(states[0]).toMatchObject({ name: 'alchemy', url: 'https://rpc.example', healthy: false });
  });

  it('recognises a provider refusing a log range as too large', () => {
    expect(
      isRangeTooLarge(new RpcError('eth_getLogs: query returned more than 10000 results', false, null, -32005)),
    ).toBe(true);
    expect(isRangeTooLarge(new RpcError('eth_getLogs: block range is too wide', false))).toBe(true);
    expect(isRangeTooLarge(new RpcError('eth_getLogs: invalid params', false))).toBe(false);
  });
});
