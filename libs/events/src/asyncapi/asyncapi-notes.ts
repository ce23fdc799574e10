// The prose and examples of docs/asyncapi.yaml (its schemas come from the frame definitions).
// Examples are checked against the validators by asyncapi.spec.ts.

export const INFO = {
  title: 'Aura Monitor live events',
  version: '1.0.0',
  description:
    'The native WebSocket of Aura Monitor. Every frame is a JSON object `{ "type", "data" }`; the seed\'s four events (new_block, new_transaction, badge_minted, stats_update) keep their field names and types exactly, and added fields are optional. Broadcast events also carry `seq` (monotonic per server process), `epoch` (that process\'s random instance id, as in `welcome.epoch`: a seq means nothing under another epoch) and `ts` (ISO-8601). On connect the server sends `welcome`, then `snapshot`. A client that sends nothing receives every event. Types and validators: libs/events.\n',
} as const;

export const SERVERS = {
  local: {
    host: 'localhost:8080',
    protocol: 'ws',
    description: "The API's own HTTP server (npm start). Browsers must send an Origin listed in CORS_ORIGINS.",
  },
} as const;

export const OPERATIONS = {
  receiveEvents: { action: 'receive', summary: 'Frames the server sends.' },
  sendCommands: { action: 'send', summary: 'Frames a client may send (at most 20 a second, 4 KiB each).' },
} as const;

/**
 * Security schemes of the WebSocket (components.securitySchemes), required on the server entry when the
 * API runs with AUTH_MODE=keys (with AUTH_MODE=off nothing is asked). AsyncAPI has no scheme for a
 * subprotocol: offering `aura.v1, <key>` is described with the header scheme.
 */
export const SECURITY_SCHEMES: Record<string, Record<string, unknown>> = {
  apiKey: {
    type: 'httpApiKey',
    in: 'header',
    name: 'X-API-Key',
    description:
      'An API key (aura_…) in X-API-Key or Authorization: Bearer; or, where headers cannot be set, offered as a subprotocol next to aura.v1 (Sec-WebSocket-Protocol: aura.v1, <key>): the server selects aura.v1 and never echoes the key. Refused before the upgrade: 401 (none, unknown, revoked, expired), 403, 429 (MAX_CLIENTS_PER_KEY).',
  },
  ticket: {
    type: 'httpApiKey',
    in: 'query',
    name: 'ticket',
    description:
      'A single-use ticket from POST /api/monitor/auth/ws-ticket (valid WS_TICKET_TTL_SECONDS, 30): /ws/monitor?ticket=<ticket>. For browsers, which cannot set headers on an upgrade.',
  },
};

export const MESSAGE_NOTES: Record<string, { summary?: string; examples: unknown[] }> = {
  welcome: {
    summary: 'First frame on every connection.',
    examples: [
      {
        type: 'welcome',
        data: {
          protocolVersion: 1,
          serverTime: '2026-01-01T00:00:00.000Z',
          chainId: 80002,
          head: 12345,
          lastSeq: 812,
          epoch: '9f2c4e1a7b3d5c60',
          oldestSeq: 1,
        },
        ts: '2026-01-01T00:00:00.000Z',
      },
    ],
  },
  snapshot: {
    summary: 'Current state, sent after welcome and in answer to a resume that is too old.',
    examples: [
      {
        type: 'snapshot',
        data: {
          stats: { total_users: 100, total_badges: 50, total_passports: 30, recent_badges_24h: 5 },
          blocks: [
            {
              number: 12345,
              hash: '0x1111111111111111111111111111111111111111111111111111111111111111',
              timestamp: 1767225600,
              transactions: 10,
              gasUsed: 1000000,
            },
          ],
          transactions: [],
          badges: [
            {
              txHash: '0x2222222222222222222222222222222222222222222222222222222222222222',
              address: '0x3333333333333333333333333333333333333333',
              blockNumber: 12345,
              tokenId: '7',
              logIndex: 0,
            },
          ],
        },
      },
    ],
  },
  new_block: {
    summary: 'A stored canonical block (topic blocks). Seed shape.',
    examples: [
      {
        type: 'new_block',
        data: {
          number: 12345,
          hash: '0x1111111111111111111111111111111111111111111111111111111111111111',
          timestamp: 1234567890,
          transactions: 10,
          gasUsed: 1000000,
        },
        seq: 813,
        ts: '2026-01-01T00:00:00.000Z',
      },
    ],
  },
  new_transaction: {
    summary: 'A transaction to or from a watched contract (topic transactions). Seed shape.',
    examples: [
      {
        type: 'new_transaction',
        data: {
          hash: '0x4444444444444444444444444444444444444444444444444444444444444444',
          from: '0x5555555555555555555555555555555555555555',
          to: '0x6666666666666666666666666666666666666666',
          value: '1000000000000000000',
          timestamp: '2024-01-01T00:00:00',
        },
        seq: 814,
        ts: '2026-01-01T00:00:00.000Z',
      },
    ],
  },
  badge_minted: {
    summary: 'An ERC-721 mint on the badge contract (topic badges). Seed shape plus tokenId, logIndex.',
    examples: [
      {
        type: 'badge_minted',
        data: {
          txHash: '0x2222222222222222222222222222222222222222222222222222222222222222',
          address: '0x3333333333333333333333333333333333333333',
          blockNumber: 12345,
        },
        seq: 815,
        ts: '2026-01-01T00:00:00.000Z',
      },
    ],
  },
  badge_revoked: {
    summary: 'A burn on the badge contract (topic badges).',
    examples: [
      {
        type: 'badge_revoked',
        data: {
          txHash: '0x2222222222222222222222222222222222222222222222222222222222222222',
          address: '0x3333333333333333333333333333333333333333',
          blockNumber: 12350,
          tokenId: '7',
          logIndex: 0,
        },
        seq: 820,
        ts: '2026-01-01T00:00:00.000Z',
      },
    ],
  },
  passport_issued: {
    summary: 'A mint on the passport contract (topic passports).',
    examples: [
      {
        type: 'passport_issued',
        data: {
          txHash: '0x7777777777777777777777777777777777777777777777777777777777777777',
          address: '0x3333333333333333333333333333333333333333',
          blockNumber: 12346,
          tokenId: '3',
          logIndex: 1,
        },
        seq: 816,
        ts: '2026-01-01T00:00:00.000Z',
      },
    ],
  },
  stats_update: {
    summary:
      'Headline statistics (topic stats). Seed shape. Sent when the four figures changed, at most one per STATS_INTERVAL_MS (2 s); the last change is always sent.',
    examples: [
      {
        type: 'stats_update',
        data: { total_users: 100, total_badges: 50, total_passports: 30, recent_badges_24h: 5 },
        seq: 817,
        ts: '2026-01-01T00:00:00.000Z',
      },
    ],
  },
  reorg: {
    summary: 'Stored blocks left the canonical chain and were removed (topic reorgs).',
    examples: [
      {
        type: 'reorg',
        seq: 818,
        ts: '2026-01-01T00:00:00.000Z',
        data: {
          commonAncestor: { number: 12340, hash: '0x8888888888888888888888888888888888888888888888888888888888888888' },
          oldHead: { number: 12342, hash: '0x9999999999999999999999999999999999999999999999999999999999999999' },
          newHead: { number: 12341, hash: '0xaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' },
          depth: 2,
          removed: {
            blocks: 2,
            transactions: 1,
            badges_minted: 1,
            passports_issued: 0,
            badges_revoked: 0,
            blockHashes: ['0x9999999999999999999999999999999999999999999999999999999999999999'],
          },
        },
      },
    ],
  },
  sync_status: {
    summary:
      'Catch-up progress (topic status); history is not replayed as live events. Marked replay true, it is sent to one client only and ends its resume by block (processed: the last block replayed).',
    examples: [
      {
        type: 'sync_status',
        data: {
          state: 'syncing',
          head: 20000,
          processed: 15000,
          lagBlocks: 5000,
          blocksPerSecond: 180.5,
          etaSeconds: 28,
        },
        seq: 819,
        ts: '2026-01-01T00:00:00.000Z',
      },
    ],
  },
  alert: {
    summary:
      "An alert rule fired, resolved or was retracted (topic alerts), sent to the dashboards by the rule's `dashboard` channel. The same object is the `alert` of a webhook body; `id` is the same on every channel and retry.",
    examples: [
      {
        type: 'alert',
        data: {
          id: 'rule_3k9x0m2q7c1v5b8n:0x8f3a5e1c9b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b8d0f2a4c6e8b0d2f4a6c:0',
          kind: 'fired',
          ruleId: 'rule_3k9x0m2q7c1v5b8n',
          ruleName: 'VIP badge',
          severity: 'critical',
          condition: 'token_event',
          title: 'Badge minted: VIP badge',
          text: 'Badge minted in block 12346: token 42 to 0x1f9090aae28b8a3dceadf281b0f12828e676c326 (transaction 0x8f3a…).',
          at: '2026-01-01T00:00:02.120Z',
          event: {
            type: 'badge_minted',
            contract: '0x5fbdb2315678afecb367f032d93f642f64180aa3',
            txHash: '0x8f3a5e1c9b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b8d0f2a4c6e8b0d2f4a6c',
            blockNumber: 12346,
            blockHash: '0x' + 'ab'.repeat(32),
            address: '0x1f9090aae28b8a3dceadf281b0f12828e676c326',
            tokenId: '42',
            logIndex: 0,
          },
          suppressed: 0,
          dedupKey: 'rule_3k9x0m2q7c1v5b8n:0x8f3a5e1c9b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b8d0f2a4c6e8b0d2f4a6c:0',
        },
        seq: 820,
        epoch: 'k3v9x0m2q7c1',
        ts: '2026-01-01T00:00:02.125Z',
      },
    ],
  },
  pong: { summary: 'Answer to ping.', examples: [{ type: 'pong', data: { ts: '2026-01-01T00:00:00.000Z' } }] },
  error: {
    summary: 'A client message was refused; the connection stays open.',
    examples: [{ type: 'error', data: { code: 'bad_field', reason: 'unknown topic(s) ["gossip"]' } }],
  },
  subscribe: {
    summary: "Receive only these topics (adds to earlier subscriptions; replaces a topic's filters).",
    examples: [
      {
        type: 'subscribe',
        data: {
          topics: ['badges', 'transactions'],
          filters: { addresses: ['0x3333333333333333333333333333333333333333'], minValueWei: '1000000000000000000' },
        },
      },
    ],
  },
  unsubscribe: { examples: [{ type: 'unsubscribe', data: { topics: ['transactions'] } }] },
  resume: {
    summary:
      "Either { lastSeq, epoch }: send the events after lastSeq of server process epoch (or a snapshot when they are no longer buffered or epoch is another process's). Or { fromBlock, recentBlocks }: replay, from the store, the events (new_block, new_transaction, badge_minted, passport_issued, badge_revoked) of every stored block from fromBlock up to the stored head, in order, filtered by the subscriptions, marked replay true and without seq, then a sync_status marked replay true (state live, processed = the last block replayed) that ends the replay, then live events with no gap and no repeat (live events held meanwhile; blocks already sent on this connection, live or by an earlier replay, are not sent again); works across restarts and catch-ups, at most RESUME_MAX_BLOCKS blocks back. recentBlocks (optional, at most 40) are the newest blocks the client holds: when some are no longer stored (a reorg while the client was away), a reorg frame marked replay true comes first, down to the newest one still stored (its removed counts cover only the client's blocks: transactions and events 0), and the replay starts above it. A reorg during the replay stops it with resume_failed (resume again). { lastSeq } is accepted once per connection (a second one gets an error frame resume_refused); { fromBlock } one at a time; the replay is sent in chunks as the client drains (it never has more than WS_SOFT_BUFFER_BYTES waiting, and is closed with 1013 when it does not drain within WS_HEARTBEAT_MS).",
    examples: [
      { type: 'resume', data: { lastSeq: 812 } },
      { type: 'resume', data: { lastSeq: 812, epoch: '9f2c4e1a7b3d5c60' } },
      { type: 'resume', data: { fromBlock: 12345 } },
      {
        type: 'resume',
        data: {
          fromBlock: 12345,
          recentBlocks: [{ number: 12344, hash: '0x5b1a0e3b5fd2a9c0d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5' }],
        },
      },
    ],
  },
  ping: { examples: [{ type: 'ping' }] },
};
