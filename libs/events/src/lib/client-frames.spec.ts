import { EVENT_TOPIC, MAX_RESUME_BLOCK_REFS, parseClientMessage } from './client-frames';
import { type BroadcastEventType, SERVER_EVENT_TYPES } from './server-frames';

const A = '0x' + 'Ab'.repeat(20);

describe('parseClientMessage', () => {
  it('accepts subscribe with filters, lower-casing addresses', () => {
    expect(
      parseClientMessage(
        JSON.stringify({
          type: 'subscribe',
          data: { topics: ['badges', 'transactions'], filters: { addresses: [A], minValueWei: '1000' } },
        }),
      ),
    ).toEqual({
      ok: true,
      value: {
        type: 'subscribe',
        data: { topics: ['badges', 'transactions'], filters: { addresses: [A.toLowerCase()], minValueWei: '1000' } },
      },
    });
  });

  it('accepts unsubscribe and ping', () => {
    expect(parseClientMessage('{"type":"unsubscribe","data":{"topics":["stats"]}}').ok).toBe(true);
    expect(parseClientMessage('{"type":"ping"}')).toEqual({ ok: true, value: { type: 'ping' } });
    expect(parseClientMessage('{"type":"resume","data":{"lastSeq":41}}')).toEqual({
      ok: true,
      value: { type: 'resume', data: { lastSeq: 41 } },
    });
    expect(parseClientMessage('{"type":"resume","data":{"lastSeq":-1}}').ok).toBe(false);
    expect(parseClientMessage('{"type":"resume","data":{"lastSeq":41,"epoch":"0123456789abcdef"}}')).toEqual({
      ok: true,
      value: { type: 'resume', data: { lastSeq: 41, epoch: '0123456789abcdef' } },
    });
    expect(parseClientMessage('{"type":"resume","data":{"lastSeq":41,"epoch":"<script>"}}').ok).toBe(false);
    expect(parseClientMessage('{"type":"resume","data":{"fromBlock":12345}}')).toEqual({
      ok: true,
      value: { type: 'resume', data: { fromBlock: 12345 } },
    });
    expect(parseClientMessage('{"type":"resume","data":{"fromBlock":-1}}').ok).toBe(false);
    expect(parseClientMessage('{"type":"resume","data":{"fromBlock":1,"lastSeq":2}}').ok).toBe(false);
  });

  it('accepts resume by block with the client recent block hashes (lower-cased) and refuses bad ones', () => {
    const hash = '0x' + 'Ab'.repeat(32);
    expect(
      parseClientMessage(
        JSON.stringify({ type: 'resume', data: { fromBlock: 7, recentBlocks: [{ number: 6, hash }] } }),
      ),
    ).toEqual({
      ok: true,
      value: { type: 'resume', data: { fromBlock: 7, recentBlocks: [{ number: 6, hash: hash.toLowerCase() }] } },
    });
    const bad = (recentBlocks: unknown) =>
      parseClientMessage(JSON.stringify({ type: 'resume', data: { fromBlock: 7, recentBlocks } }));
    expect(bad([{ number: 6, hash: '0x12' }])).toMatchObject({ ok: false, code: 'bad_field' });
    expect(bad([{ number: -1, hash }])).toMatchObject({ ok: false, code: 'bad_field' });
    expect(bad('0x12')).toMatchObject({ ok: false, code: 'bad_field' });
    expect(bad(Array.from({ length: MAX_RESUME_BLOCK_REFS + 1 }, (_, i) => ({ number: i, hash })))).toMatchObject({
      ok: false,
      reason: expect.stringContaining(`at most ${MAX_RESUME_BLOCK_REFS}`),
    });
  });

  it.each([
    ['{oops', 'bad_json', 'not valid JSON'],
    ['[]', 'bad_field', 'JSON object'],
    ['{"type":"hello"}', 'unknown_type', 'unknown message type "hello"'],
    ['{"type":"subscribe","data":{"topics":[]}}', 'bad_field', 'non-empty array'],
    ['{"type":"subscribe","data":{"topics":["gossip"]}}', 'bad_field', 'unknown topic(s) ["gossip"]'],
    [
      '{"type":"subscribe","data":{"topics":["badges"],"filters":{"addresses":["0x12"]}}}',
      'bad_field',
      'addresses[0] must be a 0x-prefixed 20-byte address',
    ],
    [
      '{"type":"subscribe","data":{"topics":["transactions"],"filters":{"minValueWei":"1e18"}}}',
      'bad_field',
      'minValueWei',
    ],
  ])('refuses %s with a code and a reason', (text, code, reason) => {
    const result = parseClientMessage(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe(code);
    expect(result.reason).toContain(reason);
  });

  it('maps every server event to a topic', () => {
    const control = ['welcome', 'snapshot', 'pong', 'error'];
    for (const type of SERVER_EVENT_TYPES.filter((t) => !control.includes(t)))
      expect(EVENT_TOPIC[type as BroadcastEventType]).toBeDefined();
  });
});
