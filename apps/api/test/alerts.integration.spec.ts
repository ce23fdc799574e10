// Alerting end to end: rules and channels over REST, the evaluator on real stored blocks (FerretDB +
// Hardhat), deliveries to real local receivers, cooldown, threshold, rates, health conditions, retries,
// dead letters and replay, confirmations, and a reorg's retraction.
import type { INestApplication } from '@nestjs/common';
import { Wallet } from 'ethers';
import request from 'supertest';

import type { AlertDelivery, AlertMessage, AlertRule, Channel } from '@aura/events';
import { DEV_KEYS } from '@aura/tools/devnet/deploy';

import { AlertDeliverer } from '../src/alerts/alert-deliverer.service';
import { AlertEvaluator } from '../src/alerts/alert-evaluator.service';
import { verifyWebhookSignature } from '../src/alerts/channels/webhook-signature';
import { type HttpReceiver, type RecordedRequest, startHttpReceiver } from './support/alert-receivers';
import { ChainActions, randomAddress } from './support/chain-actions';
import { eventually, startApi, startTestStack, type TestStack } from './support/test-stack';
import { WsRecorder } from './support/ws-recorder';

const SECRET = 'whsec_test_secret_0123456789';

interface WebhookBody {
  idempotencyKey: string;
  alert: AlertMessage;
}

describe('alerting (real FerretDB + Hardhat + local receivers)', () => {
  let stack: TestStack;
  let chain: ChainActions;
  let api: { app: INestApplication; url: string; wsUrl: string };
  let receiver: HttpReceiver;
  let webhook: Channel;

  const http = () => request(api.url);
  const bodies = (path: string): WebhookBody[] =>
    receiver.requests.filter((r) => r.path === path && r.answeredWith === 200).map((r) => r.json as WebhookBody);
  const forRule = (path: string, ruleId: string) => bodies(path).filter((b) => b.alert.ruleId === ruleId);

  async function channel(name: string, path: string): Promise<Channel> {
    const res = await http()
      .post('/api/monitor/alerts/channels')
      .send({ name, settings: { type: 'webhook', url: `${receiver.url}${path}`, secret: SECRET } })
      .expect(201);
    return res.body as Channel;
  }

  async function rule(body: Record<string, unknown>): Promise<AlertRule> {
    const res = await http().post('/api/monitor/alerts/rules').send(body);
    if (res.status !== 201) throw new Error(`rule refused: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as AlertRule;
  }

  async function deliveriesOf(ruleId: string): Promise<AlertDelivery[]> {
    const res = await http().get(`/api/monitor/alerts/deliveries?ruleId=${ruleId}&limit=200`).expect(200);
    return (res.body as { deliveries: AlertDelivery[] }).deliveries;
  }

  /** Waits until the evaluator has looked at every block stored so far. */
  async function evaluated(): Promise<void> {
    await api.app.get(AlertEvaluator).settle();
  }

  async function waitForStored(block: number): Promise<void> {
    await eventually(async () => {
      const res = await http().get('/api/monitor/stats').expect(200);
      if ((res.body.block_height ?? -1) < block) throw new Error(`stored ${res.body.block_height}, want ${block}`);
    });
  }

  beforeAll(async () => {
    stack = await startTestStack();
    chain = new ChainActions(stack.node.rpcUrl, stack.contracts);
    receiver = await startHttpReceiver();
    api = await startApi(
      stack,
      {
        ALERT_RETRY_BASE_MS: '100',
        ALERT_RETRY_MAX_MS: '400',
        ALERT_MAX_ATTEMPTS: '3',
        ALERT_HEALTH_INTERVAL_MS: '200',
        ALERT_HEALTH_FOR_MS: '600',
      },
      { waitLive: true },
    );
    webhook = await channel('ops webhook', '/hooks/main');
  });

  afterAll(async () => {
    await api?.app.close();
    await receiver?.stop();
    await stack?.stop();
  });

  it('validates rules and channels with reasons, and never answers a secret', async () => {
    expect(webhook.settings['secret']).toMatch(/^••••/);
    expect(JSON.stringify(webhook)).not.toContain(SECRET);
    const listed = await http().get('/api/monitor/alerts/channels').expect(200);
    expect(JSON.stringify(listed.body)).not.toContain(SECRET);

    const bad = await http()
      .post('/api/monitor/alerts/rules')
      .send({
        name: 'x',
        condition: { kind: 'event_rate', event: 'badge_minted', windowSeconds: 60 },
        channels: [webhook.id],
      })
      .expect(400);
    expect(bad.body.message).toContain('needs exactly one of above or below');
    const stateCooldown = await http()
      .post('/api/monitor/alerts/rules')
      .send({ name: 'x', condition: { kind: 'no_new_block', seconds: 30 }, channels: [], cooldownSeconds: 60 })
      .expect(400);
    expect(stateCooldown.body.message).toContain('apply to event conditions');
    const unknown = await http()
      .post('/api/monitor/alerts/rules')
      .send({
        name: 'x',
        condition: { kind: 'token_event', events: ['badge_minted'] },
        channels: ['ch_doesnotexist00'],
      })
      .expect(400);
    expect(unknown.body.message).toContain('body.channels[0] names no channel');
    const badAddress = await http()
      .post('/api/monitor/alerts/rules')
      .send({
        name: 'x',
        condition: { kind: 'token_event', events: ['badge_minted'], addresses: ['0x12'] },
        channels: [],
      })
      .expect(400);
    expect(badAddress.body.message).toContain('body.condition.addresses[0] must be a 0x-prefixed 20-byte address');
    const health = await http().get('/api/monitor/health').expect(200);
    const endpointName = (health.body.chain.endpoints as { name: string }[])[0]?.name;
    if (!endpointName) throw new Error('/health lists no RPC endpoint');
    const misspelt = await http()
      .post('/api/monitor/alerts/rules')
      .send({ name: 'x', condition: { kind: 'rpc_unhealthy', endpoint: `${endpointName}-typo` }, channels: [] })
      .expect(400);
    expect(misspelt.body.message).toContain(
      `body.condition.endpoint names no configured RPC endpoint (${endpointName}-typo)`,
    );
    const named = await rule({
      name: 'named endpoint',
      enabled: false,
      condition: { kind: 'rpc_unhealthy', endpoint: endpointName },
      channels: [],
    });
    await http().delete(`/api/monitor/alerts/rules/${named.id}`).expect(204);
    const badChannel = await http()
      .post('/api/monitor/alerts/channels')
      .send({ name: 'x', settings: { type: 'webhook', url: 'ftp://nope', secret: 'short' } })
      .expect(400);
    expect(badChannel.body.message).toContain('body.settings.url must be an http(s) URL');
    expect(badChannel.body.message).toContain('body.settings.secret must be a secret of at least 16 characters');

    // A secret left out on PUT keeps its value: the next delivery is still signed with it.
    const renamed = await http()
      .put(`/api/monitor/alerts/channels/${webhook.id}`)
      .send({ name: 'ops webhook', settings: { type: 'webhook', url: `${receiver.url}/hooks/main` } })
      .expect(200);
    expect(renamed.body.settings.secret).toBe(webhook.settings['secret']);
  });

  it('a badge minted to a watched address: a signed webhook and an `alert` frame, once each, with the log', async () => {
    const dash = (
      await http()
        .post('/api/monitor/alerts/channels')
        .send({ name: 'screen', settings: { type: 'dashboard' } })
        .expect(201)
    ).body as Channel;
    const watched = randomAddress();
    const r = await rule({
      name: 'VIP badge',
      severity: 'critical',
      condition: { kind: 'token_event', events: ['badge_minted'], addresses: [watched] },
      channels: [webhook.id, dash.id],
    });
    const socket = await WsRecorder.open(api.wsUrl);
    try {
      await chain.mintBadge(randomAddress()); // not watched
      const minted = await chain.mintBadge(watched);
      const req = await receiver.waitFor(
        (q) => q.path === '/hooks/main' && (q.json as WebhookBody)?.alert?.ruleId === r.id,
      );
      const body = req.json as WebhookBody;
      expect(body.alert).toMatchObject({
        kind: 'fired',
        severity: 'critical',
        condition: 'token_event',
        event: { type: 'badge_minted', txHash: minted.txHash, blockNumber: minted.blockNumber, address: watched },
      });
      expect(body.idempotencyKey).toBe(`${body.alert.id}>${webhook.id}`);
      expect(req.headers['x-aura-idempotency-key']).toBe(body.idempotencyKey);
      expect(
        verifyWebhookSignature({
          header: String(req.headers['x-aura-signature']),
          timestamp: String(req.headers['x-aura-timestamp']),
          body: req.rawBody.toString('utf8'),
          secrets: [SECRET],
        }),
      ).toEqual({ ok: true });
      await eventually(() => {
        const frames = socket.ofType('alert').filter((f) => f.data['ruleId'] === r.id);
        expect(frames).toHaveLength(1);
        expect(frames[0]?.data).toMatchObject({ id: body.alert.id, kind: 'fired' });
      });
      await eventually(async () => {
        const log = await deliveriesOf(r.id);
        expect(log.map((d) => [d.channelType, d.status]).sort()).toEqual([
          ['dashboard', 'delivered'],
          ['webhook', 'delivered'],
        ]);
        for (const d of log) expect(d.latencyMs).toEqual(expect.any(Number));
      });
      await evaluated();
      expect(forRule('/hooks/main', r.id)).toHaveLength(1);
    } finally {
      socket.close();
    }
  });

  it('cooldown: one message per key, the held-back ones counted in the next; dedup by address keeps keys apart', async () => {
    const path = '/hooks/cooldown';
    const ch = await channel('cooldown hook', path);
    const a = randomAddress();
    const b = randomAddress();
    const r = await rule({
      name: 'badge flood',
      condition: { kind: 'token_event', events: ['badge_minted'], addresses: [a, b] },
      channels: [ch.id],
      // Long enough that four mints in a row on a loaded machine fall within it.
      cooldownSeconds: 12,
      dedupBy: 'address',
    });
    await chain.mintBadge(a);
    await chain.mintBadge(a);
    const last = await chain.mintBadge(a);
    await chain.mintBadge(b);
    await waitForStored(last.blockNumber + 1);
    await evaluated();
    await eventually(() => expect(forRule(path, r.id)).toHaveLength(2));
    expect(
      forRule(path, r.id)
        .map((x) => x.alert.event?.address)
        .sort(),
    ).toEqual([a, b].sort());
    // After the cooldown the next mint goes out, carrying the two held back.
    const firstAt = Date.parse(forRule(path, r.id)[0]?.alert.at ?? '');
    await eventually(() => expect(Date.now()).toBeGreaterThan(firstAt + 12_100), 20_000, 250);
    await chain.mintBadge(a);
    await eventually(() => expect(forRule(path, r.id)).toHaveLength(3));
    const third = forRule(path, r.id)[2]?.alert;
    expect(third?.suppressed).toBe(2);
    expect(third?.text).toContain('2 more alert(s)');
  });

  it('threshold: fires at N matches within the window, with the count', async () => {
    const path = '/hooks/threshold';
    const ch = await channel('threshold hook', path);
    const who = randomAddress();
    const r = await rule({
      name: 'three badges',
      condition: { kind: 'token_event', events: ['badge_minted'], addresses: [who] },
      channels: [ch.id],
      threshold: { count: 3, windowSeconds: 3_600 },
    });
    await chain.mintBadge(who);
    const second = await chain.mintBadge(who);
    await waitForStored(second.blockNumber);
    await evaluated();
    expect(forRule(path, r.id)).toHaveLength(0);
    await chain.mintBadge(who);
    const got = await receiver.waitFor((q) => q.path === path);
    expect((got.json as WebhookBody).alert.matches).toBe(3);
  });

  it('event rate above N per window fires once and resolves once the window has passed (chain time)', async () => {
    const path = '/hooks/rate';
    const ch = await channel('rate hook', path);
    const r = await rule({
      name: 'revocation spike',
      condition: { kind: 'event_rate', event: 'badge_revoked', windowSeconds: 600, above: 1 },
      channels: [ch.id],
    });
    const owner = randomAddress();
    const t1 = await chain.mintBadge(owner);
    const t2 = await chain.mintBadge(owner);
    const ids = await Promise.all([t1, t2].map((t) => tokenIdOf(t.txHash)));
    await chain.revokeBadge(ids[0] as bigint);
    await chain.revokeBadge(ids[1] as bigint);
    const fired = await receiver.waitFor((q) => q.path === path && (q.json as WebhookBody).alert.kind === 'fired');
    expect((fired.json as WebhookBody).alert.text).toContain('2 badge_revoked');
    // Ten minutes of chain time later the window holds none: resolved, with the duration.
    await stack.node.rpc('evm_increaseTime', [601]);
    await stack.node.rpc('evm_mine', []);
    const resolved = await receiver.waitFor(
      (q) => q.path === path && (q.json as WebhookBody).alert.kind === 'resolved',
    );
    const message = (resolved.json as WebhookBody).alert;
    expect(message.state?.durationSeconds).toBeGreaterThanOrEqual(600);
    expect(message.dedupKey).toBe((fired.json as WebhookBody).alert.id);
    expect(forRule(path, r.id)).toHaveLength(2);
  });

  async function tokenIdOf(txHash: string): Promise<bigint> {
    const receipt = await chain.provider.getTransactionReceipt(txHash);
    const log = receipt?.logs.find((l) => l.address.toLowerCase() === stack.contracts.badge.toLowerCase());
    return BigInt(log?.topics[3] ?? '0x0');
  }

  it('no new block for N s fires while the chain is quiet and resolves with the duration when a block comes', async () => {
    const path = '/hooks/stall';
    const ch = await channel('stall hook', path);
    const r = await rule({
      name: 'chain stalled',
      severity: 'critical',
      condition: { kind: 'no_new_block', seconds: 5 },
      channels: [ch.id],
    });
    // The test chain mines only on transactions: nothing is sent now, so it goes quiet.
    const fired = await receiver.waitFor(
      (q) => q.path === path && (q.json as WebhookBody).alert.ruleId === r.id,
      30_000,
    );
    expect((fired.json as WebhookBody).alert).toMatchObject({ kind: 'fired', condition: 'no_new_block' });
    await stack.node.rpc('evm_mine', []);
    const resolved = await receiver.waitFor(
      (q) => q.path === path && (q.json as WebhookBody).alert.kind === 'resolved',
      30_000,
    );
    expect((resolved.json as WebhookBody).alert.state?.durationSeconds).toEqual(expect.any(Number));
    expect((resolved.json as WebhookBody).alert.text).toMatch(/^Resolved after /);
    await http().patch(`/api/monitor/alerts/rules/${r.id}`).send({ enabled: false }).expect(200);
  });

  it('retries a receiver outage with backoff, goes dead after the most attempts, and a replay delivers it', async () => {
    const path = '/hooks/flaky';
    const ch = await channel('flaky hook', path);
    const who = randomAddress();
    const r = await rule({
      name: 'flaky',
      condition: { kind: 'token_event', events: ['badge_minted'], addresses: [who] },
      channels: [ch.id],
    });
    receiver.script([{ status: 503 }, { status: 429, headers: { 'Retry-After': '0' } }], /flaky/);
    await chain.mintBadge(who);
    await eventually(async () => {
      const [d] = await deliveriesOf(r.id);
      expect(d).toMatchObject({ status: 'delivered', attempts: 3 });
    });
    const attempts = receiver.requests.filter((q) => q.path === path);
    expect(attempts.map((q) => q.answeredWith)).toEqual([503, 429, 200]);
    // The same idempotency key on every attempt.
    expect(new Set(attempts.map((q) => q.headers['x-aura-idempotency-key'])).size).toBe(1);

    receiver.script([{ status: 500 }, { status: 500 }, { status: 500 }], /flaky/);
    await chain.mintBadge(who);
    const dead = await eventually(async () => {
      const d = (await deliveriesOf(r.id)).find((x) => x.status === 'dead');
      if (!d) throw new Error('not dead yet');
      return d;
    });
    expect(dead.attempts).toBe(3);
    expect(dead.lastError).toContain('500');
    const replayed = await http()
      .post(`/api/monitor/alerts/deliveries/${encodeURIComponent(dead.id)}/replay`)
      .expect(200);
    expect(replayed.body.status).toBe('pending');
    await eventually(async () => {
      const d = (await deliveriesOf(r.id)).find((x) => x.id === dead.id);
      expect(d?.status).toBe('delivered');
    });
    await http()
      .post(`/api/monitor/alerts/deliveries/${encodeURIComponent(dead.id)}/replay`)
      .expect(409);
    const badCursor = await http().get('/api/monitor/alerts/deliveries?before=WzFlKzMwMCwieCJd').expect(400);
    expect(badCursor.body.message).toContain('before must be the `next` cursor');
  });

  it('send test, and a dry run over past blocks shows what a rule would have sent', async () => {
    const path = '/hooks/test';
    const ch = await channel('test hook', path);
    const who = randomAddress();
    const before = await chain.mintBadge(who);
    await chain.mintBadge(who);
    await waitForStored(before.blockNumber + 1);
    const r = await rule({
      name: 'history',
      condition: { kind: 'token_event', events: ['badge_minted'], addresses: [who] },
      channels: [ch.id],
    });
    expect(r.sinceBlock).toBeGreaterThanOrEqual(before.blockNumber + 1);
    const test = await http().post(`/api/monitor/alerts/rules/${r.id}/test`).expect(201);
    expect(test.body.deliveries).toHaveLength(1);
    const got = await receiver.waitFor((q) => q.path === path);
    expect((got.json as WebhookBody).alert.kind).toBe('test');

    const dry = await http()
      .post(`/api/monitor/alerts/rules/${r.id}/dry-run`)
      .send({ fromBlock: before.blockNumber, toBlock: before.blockNumber + 1 })
      .expect(200);
    expect(dry.body.blocks).toBe(2);
    expect(dry.body.messages.map((m: AlertMessage) => m.event?.blockNumber)).toEqual([
      before.blockNumber,
      before.blockNumber + 1,
    ]);
    // The past events were not sent (the rule applies to blocks after it was made).
    await evaluated();
    expect(forRule(path, r.id).filter((b) => b.alert.kind === 'fired')).toHaveLength(0);
    await http().post(`/api/monitor/alerts/rules/${r.id}/dry-run`).send({ fromBlock: 5, toBlock: 1 }).expect(400);
  });

  it('after N confirmations: held until N blocks sit on the event, then sent', async () => {
    const path = '/hooks/confirmed';
    const ch = await channel('confirmed hook', path);
    const who = randomAddress();
    const r = await rule({
      name: 'confirmed',
      condition: { kind: 'token_event', events: ['badge_minted'], addresses: [who] },
      channels: [ch.id],
      delivery: { mode: 'confirmations', confirmations: 2 },
    });
    const minted = await chain.mintBadge(who);
    await waitForStored(minted.blockNumber);
    await evaluated();
    await eventually(async () => expect((await deliveriesOf(r.id)).map((d) => d.status)).toEqual(['held']));
    expect(forRule(path, r.id)).toHaveLength(0);
    await stack.node.rpc('evm_mine', []);
    await stack.node.rpc('evm_mine', []);
    await receiver.waitFor((q) => q.path === path);
    await eventually(async () => expect((await deliveriesOf(r.id)).map((d) => d.status)).toEqual(['delivered']));
  });

  it('a reorg that removes an alerted event sends a retraction; a held one is cancelled; a reorg-depth rule fires', async () => {
    const tipPath = '/hooks/tip';
    const tip = await channel('tip hook', tipPath);
    const heldPath = '/hooks/held';
    const held = await channel('held hook', heldPath);
    const reorgPath = '/hooks/reorg';
    const reorgs = await channel('reorg hook', reorgPath);
    const who = randomAddress();
    const atTip = await rule({
      name: 'at tip',
      condition: { kind: 'token_event', events: ['badge_minted'], addresses: [who] },
      channels: [tip.id],
    });
    const confirmed = await rule({
      name: 'confirmed',
      condition: { kind: 'token_event', events: ['badge_minted'], addresses: [who] },
      channels: [held.id],
      delivery: { mode: 'confirmations', confirmations: 5 },
    });
    const deep = await rule({ name: 'reorg', condition: { kind: 'reorg_depth', depth: 1 }, channels: [reorgs.id] });
    const snapshot = await stack.node.rpc<string>('evm_snapshot', []);
    const minted = await chain.mintBadge(who);
    const sent = await receiver.waitFor((q: RecordedRequest) => q.path === tipPath);
    await eventually(async () => expect((await deliveriesOf(confirmed.id)).map((d) => d.status)).toEqual(['held']));
    // Replace the block of the mint with two empty ones.
    await stack.node.rpc('evm_revert', [snapshot]);
    chain.resetNonce();
    await stack.node.rpc('evm_mine', []);
    await stack.node.rpc('evm_mine', []);
    const retraction = await receiver.waitFor(
      (q) => q.path === tipPath && (q.json as WebhookBody).alert.kind === 'retracted',
      30_000,
    );
    const message = (retraction.json as WebhookBody).alert;
    expect(message.retracts).toBe((sent.json as WebhookBody).alert.id);
    expect(message.event?.txHash).toBe(minted.txHash);
    await eventually(async () =>
      expect((await deliveriesOf(confirmed.id)).map((d) => d.status)).toEqual(['cancelled']),
    );
    const depth = await receiver.waitFor((q) => q.path === reorgPath);
    expect((depth.json as WebhookBody).alert).toMatchObject({
      ruleId: deep.id,
      condition: 'reorg_depth',
      kind: 'fired',
    });
    // More blocks: the cancelled one is never sent.
    for (let i = 0; i < 5; i++) await stack.node.rpc('evm_mine', []);
    await evaluated();
    expect(forRule(heldPath, confirmed.id)).toHaveLength(0);
    expect(forRule(tipPath, atTip.id).map((b) => b.alert.kind)).toEqual(['fired', 'retracted']);
  });
  it('a secret rotation signs with both secrets until previousSecret is set to null', async () => {
    const path = '/hooks/rotation';
    const ch = await channel('rotating hook', path);
    const NEW = 'whsec_rotated_secret_9876543210';
    await http()
      .put(`/api/monitor/alerts/channels/${ch.id}`)
      .send({
        name: ch.name,
        settings: { type: 'webhook', url: `${receiver.url}${path}`, secret: NEW, previousSecret: SECRET },
      })
      .expect(200);
    await http().post(`/api/monitor/alerts/channels/${ch.id}/test`).expect(201);
    const during = await receiver.waitFor((q) => q.path === path);
    const check = (req: RecordedRequest, secrets: string[]) =>
      verifyWebhookSignature({
        header: String(req.headers['x-aura-signature']),
        timestamp: String(req.headers['x-aura-timestamp']),
        body: req.rawBody.toString('utf8'),
        secrets,
      }).ok;
    // A receiver that still knows only the old secret, and one that knows only the new one, both accept it.
    expect(check(during, [SECRET])).toBe(true);
    expect(check(during, [NEW])).toBe(true);
    const ended = await http()
      .put(`/api/monitor/alerts/channels/${ch.id}`)
      .send({ name: ch.name, settings: { type: 'webhook', url: `${receiver.url}${path}`, previousSecret: null } })
      .expect(200);
    expect(ended.body.settings.previousSecret).toBeUndefined();
    await http().post(`/api/monitor/alerts/channels/${ch.id}/test`).expect(201);
    await eventually(() => expect(receiver.requests.filter((q) => q.path === path)).toHaveLength(2));
    const after = receiver.requests.filter((q) => q.path === path)[1] as RecordedRequest;
    expect(check(after, [NEW])).toBe(true);
    expect(check(after, [SECRET])).toBe(false);
  });

  it('status and metrics: the evaluator at the stored head, deliveries by status and channel', async () => {
    await evaluated();
    const status = (await http().get('/api/monitor/alerts/status').expect(200)).body as {
      leader: boolean;
      evaluator: { checkpoint: number; storedHead: number; lagBlocks: number };
      deliveries: Record<string, number>;
      rules: { total: number };
    };
    expect(status.leader).toBe(true);
    expect(status.evaluator.lagBlocks).toBe(0);
    expect(status.evaluator.checkpoint).toBe(status.evaluator.storedHead);
    expect(status.deliveries['delivered']).toBeGreaterThan(5);
    expect(status.deliveries['cancelled']).toBeGreaterThanOrEqual(1);
    expect(status.rules.total).toBeGreaterThan(5);
    const metrics = (await http().get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/aura_alert_deliveries_total\{channel="webhook",outcome="delivered"\} \d+/);
    expect(metrics).toMatch(/aura_alert_deliveries_total\{channel="webhook",outcome="dead"\} \d+/);
    expect(metrics).toMatch(/aura_alert_delivery_latency_seconds_count\{channel="dashboard"\} \d+/);
    expect(metrics).toContain('aura_alert_evaluator_lag_blocks 0');
  });
  it('once finalized: held until the node reports the block finalized, then sent', async () => {
    const path = '/hooks/finalized';
    const ch = await channel('finalized hook', path);
    const who = randomAddress();
    const r = await rule({
      name: 'final',
      condition: { kind: 'token_event', events: ['badge_minted'], addresses: [who] },
      channels: [ch.id],
      delivery: { mode: 'finalized' },
    });
    const minted = await chain.mintBadge(who);
    // Hardhat reports its head as finalized; the follower reads the tag every 10 s, more blocks move it on.
    const got = await eventually(
      async () => {
        await stack.node.rpc('evm_mine', []);
        return receiver.waitFor((q) => q.path === path, 1_000);
      },
      40_000,
      500,
    );
    expect((got.json as WebhookBody).alert.event?.blockNumber).toBe(minted.blockNumber);
    await eventually(async () => expect((await deliveriesOf(r.id)).map((d) => d.status)).toEqual(['delivered']));
    const health = (await http().get('/api/monitor/health').expect(200)).body as {
      chain: { finalized: number | null };
    };
    expect(health.chain.finalized).toBeGreaterThanOrEqual(minted.blockNumber);
  });

  it('the retention sweep removes old alerts and finished deliveries, never waiting ones', async () => {
    const db = stack.mongo.useDb(stack.dbName, { useCache: true });
    const old = new Date(Date.now() - 40 * 86_400_000);
    const row = (id: string, status: string) => ({
      _id: id,
      alertId: 'sweep:a',
      ruleId: 'sweep',
      ruleName: 'sweep',
      channelId: webhook.id,
      channelName: 'x',
      channelType: 'webhook',
      status,
      attempts: 1,
      lastError: null,
      nextAttemptAt: status === 'pending' ? new Date(Date.now() + 86_400_000) : null,
      raisedAt: old,
      createdAt: old,
      message: {},
    });
    await db
      .collection('alerts')
      .insertOne({ _id: 'sweep:a', ruleId: 'sweep', status: 'fired', raisedAt: old } as never);
    await db
      .collection('alert_deliveries')
      .insertMany([
        row('sweep:done', 'delivered'),
        row('sweep:dead', 'dead'),
        row('sweep:waiting', 'pending'),
      ] as never[]);
    await api.app.get(AlertDeliverer).sweep();
    const left = await db.collection('alert_deliveries').find({ ruleId: 'sweep' }).toArray();
    expect(left.map((d) => String(d._id))).toEqual(['sweep:waiting']);
    expect(await db.collection('alerts').countDocuments({ _id: 'sweep:a' } as never)).toBe(0);
    await db.collection('alert_deliveries').deleteMany({ ruleId: 'sweep' });
  });
  it('a rule another process wrote is read once the rule-change token moves, without re-reading every rule each time', async () => {
    const db = stack.mongo.useDb(stack.dbName, { useCache: true });
    const made = await rule({
      name: 'written here',
      enabled: false,
      condition: { kind: 'token_event', events: ['badge_revoked'] },
      channels: [webhook.id],
    });
    const stored = await db.collection('alert_rules').findOne({ _id: made.id } as never);
    if (!stored) throw new Error(`rule ${made.id} not stored`);
    const names = async () =>
      ((await http().get('/api/monitor/alerts/rules').expect(200)).body as { rules: AlertRule[] }).rules.map(
        (r) => r.name,
      );
    expect(await names()).toContain('written here');
    // As another API process on this database would: the rule, then a fresh token.
    const otherId = `${made.id}x`;
    await db.collection('alert_rules').insertOne({ ...stored, _id: otherId, name: 'written elsewhere' } as never);
    // The token has not moved yet: the rules in memory stand (each list is one small read, not all rules).
    expect(await names()).not.toContain('written elsewhere');
    await db
      .collection('alert_state')
      .replaceOne(
        { _id: 'rules-version' } as never,
        { version: 'another-process-token', updatedAt: new Date() },
        { upsert: true },
      );
    expect(await names()).toContain('written elsewhere');
    await http().delete(`/api/monitor/alerts/rules/${otherId}`).expect(204);
    await http().delete(`/api/monitor/alerts/rules/${made.id}`).expect(204);
    expect(await names()).not.toContain('written here');
  });

  it('an event a reorg moves into another block is alerted again there (tip: fired, retracted, fired; confirmed: once)', async () => {
    const tipPath = '/hooks/moved-tip';
    const tip = await channel('moved tip', tipPath);
    const heldPath = '/hooks/moved-held';
    const held = await channel('moved held', heldPath);
    const who = randomAddress();
    const condition = { kind: 'token_event', events: ['badge_minted'], addresses: [who] };
    const atTip = await rule({ name: 'moved at tip', condition, channels: [tip.id] });
    const confirmed = await rule({
      name: 'moved confirmed',
      condition,
      channels: [held.id],
      delivery: { mode: 'confirmations', confirmations: 2 },
    });
    // One signed transaction, mined, reverted away, and mined again in a block with another timestamp.
    const wallet = new Wallet(DEV_KEYS[0] as string, chain.provider);
    const raw = await wallet.signTransaction(
      await wallet.populateTransaction(await chain.badge.getFunction('mint').populateTransaction(who)),
    );
    const snapshot = await stack.node.rpc<string>('evm_snapshot', []);
    const txHash = await stack.node.rpc<string>('eth_sendRawTransaction', [raw]);
    const first = await receiver.waitFor((q) => q.path === tipPath);
    const firstBlock = (first.json as WebhookBody).alert.event?.blockHash;
    await stack.node.rpc('evm_revert', [snapshot]);
    const latest = await stack.node.rpc<{ timestamp: string }>('eth_getBlockByNumber', ['latest', false]);
    await stack.node.rpc('evm_setNextBlockTimestamp', [Number(BigInt(latest.timestamp)) + 30]);
    expect(await stack.node.rpc<string>('eth_sendRawTransaction', [raw])).toBe(txHash);
    chain.resetNonce();
    await stack.node.rpc('evm_mine', []);
    await eventually(
      () => expect(forRule(tipPath, atTip.id).map((b) => b.alert.kind)).toEqual(['fired', 'retracted', 'fired']),
      30_000,
    );
    const again = forRule(tipPath, atTip.id)[2]?.alert;
    expect(again?.event?.txHash).toBe(txHash);
    expect(again?.event?.blockHash).not.toBe(firstBlock);
    await stack.node.rpc('evm_mine', []);
    await stack.node.rpc('evm_mine', []);
    await receiver.waitFor((q) => q.path === heldPath);
    await eventually(async () =>
      expect((await deliveriesOf(confirmed.id)).map((d) => d.status).sort()).toEqual(['cancelled', 'delivered']),
    );
    expect(forRule(heldPath, confirmed.id)).toHaveLength(1);
  });
});
