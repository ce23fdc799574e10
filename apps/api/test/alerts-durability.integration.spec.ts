// Alerting's delivery guarantees and the conditions alerts.integration.spec.ts leaves out, against real
// servers on loopback (FerretDB, Hardhat, HTTP and SMTP receivers): a kill -9 between the outbox write and
// the send, and between the send and its settlement (the API as a child process from source, failpoints
// armed), a receiver outage across a restart, the health conditions firing and resolving (an RPC cut, the
// follower paused, the database stopped), large transactions with their filters, and e-mail end to end.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

import type { INestApplication } from '@nestjs/common';
import request from 'supertest';

import type { AlertDelivery, AlertMessage, AlertRule, Channel } from '@aura/events';
import { freePort } from '@aura/tools/stack/processes';

import { AlertEvaluator } from '../src/alerts/alert-evaluator.service';
import { emailContent } from '../src/alerts/channels/channel-payloads';
import {
  type HttpReceiver,
  type RecordedRequest,
  type SmtpReceiver,
  startHttpReceiver,
  startSmtpReceiver,
} from './support/alert-receivers';
import { ChainActions, randomAddress } from './support/chain-actions';
import { RpcProxy } from './support/rpc-proxy';
import { TcpProxy } from './support/tcp-proxy';
import { eventually, startApi, startTestStack, type TestStack } from './support/test-stack';

const REPO_ROOT = join(__dirname, '../../..');
const SECRET = 'whsec_durability_secret_0123456789';
const ONE_ETH = 10n ** 18n;

interface WebhookBody {
  idempotencyKey: string;
  alert: AlertMessage;
}

interface StoredDelivery {
  _id: string;
  status: string;
  attempts: number;
  lastError: string | null;
  claimedUntil: Date | null;
  message: AlertMessage;
}

interface ChildApi {
  url: string;
  child: ChildProcess;
  exited: Promise<NodeJS.Signals | null>;
}

const bodyOf = (r: RecordedRequest) => r.json as WebhookBody;

describe('alert delivery durability and conditions (real FerretDB + Hardhat + local receivers)', () => {
  let stack: TestStack;
  let chain: ChainActions;
  let receiver: HttpReceiver;
  const children = new Set<ChildApi>();

  const head = async () => Number(await stack.node.rpc<string>('eth_blockNumber'));
  const db = (dbName: string) => stack.mongo.useDb(dbName, { useCache: true });
  const deliveriesIn = (dbName: string, ruleId: string) =>
    db(dbName).collection<StoredDelivery>('alert_deliveries').find({ ruleId }).toArray();
  const checkpointIn = async (dbName: string) =>
    (await db(dbName).collection<{ _id: string; number?: number }>('alert_state').findOne({ _id: 'evaluator' }))
      ?.number ?? null;
  const hits = (path: string) => receiver.requests.filter((r) => r.path === path);

  beforeAll(async () => {
    stack = await startTestStack();
    chain = new ChainActions(stack.node.rpcUrl, stack.contracts);
    receiver = await startHttpReceiver();
  });

  afterEach(async () => {
    // A child a failed test left running.
    for (const c of children) {
      c.child.kill('SIGKILL');
      await c.exited;
    }
    children.clear();
  });

  afterAll(async () => {
    chain?.close();
    await receiver?.stop();
    await stack?.stop();
  });

  // --- REST against any API ----------------------------------------------------------------------

  async function webhookChannel(url: string, name: string, target: string): Promise<Channel> {
    const res = await request(url)
      .post('/api/monitor/alerts/channels')
      .send({ name, settings: { type: 'webhook', url: target, secret: SECRET } });
    if (res.status !== 201) throw new Error(`channel refused: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as Channel;
  }

  async function createRule(url: string, body: Record<string, unknown>): Promise<AlertRule> {
    const res = await request(url).post('/api/monitor/alerts/rules').send(body);
    if (res.status !== 201) throw new Error(`rule refused: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as AlertRule;
  }

  // --- the API as a child process ------------------------------------------------------------------

  /** The API as its own process, from source (failpoints are compiled out of production builds). */
  async function spawnApi(dbName: string, startBlock: number, extra: Record<string, string> = {}): Promise<ChildApi> {
    const port = await freePort();
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/api/src/main.ts'], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        ...stack.env,
        DB_NAME: dbName,
        START_BLOCK: String(startBlock),
        POLL_INTERVAL_MS: '100',
        LOG_LEVEL: 'error',
        PORT: String(port),
        RATE_LIMIT_PER_MINUTE: '0',
        ALERT_RETRY_BASE_MS: '200',
        ALERT_RETRY_MAX_MS: '1000',
        ALERT_MAX_ATTEMPTS: '100',
        // A claim left by a killed process runs out quickly (the sends are to loopback).
        ALERT_CLAIM_MS: '2000',
        ALERT_HTTP_TIMEOUT_MS: '1000',
        AURA_FAILPOINT: '',
        SWC_NODE_PROJECT: 'apps/api/tsconfig.app.json',
        NODE_ENV: 'test',
        ...extra,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4_000)));
    const api: ChildApi = {
      url: `http://127.0.0.1:${port}`,
      child,
      exited: new Promise<NodeJS.Signals | null>((resolve) =>
        child.on('exit', (code, signal) => {
          children.delete(api);
          if (signal !== 'SIGKILL') process.stderr.write(`API child exited with ${code ?? signal}: ${stderr}\n`);
          resolve(signal);
        }),
      ),
    };
    children.add(api);
    return api;
  }

  /** Waits until the child stores `block` and its evaluator has a checkpoint (a later block is live). */
  async function ready(api: ChildApi, dbName: string, block: number): Promise<void> {
    await eventually(async () => {
      const res = await fetch(`${api.url}/api/monitor/health`);
      const health = (await res.json()) as { chain: { lastProcessed: number | null } };
      if ((health.chain.lastProcessed ?? -1) < block) throw new Error(`stored ${health.chain.lastProcessed}`);
      if ((await checkpointIn(dbName)) === null) throw new Error('no evaluator checkpoint yet');
    }, 60_000);
  }

  async function kill(api: ChildApi): Promise<void> {
    api.child.kill('SIGKILL');
    expect(await api.exited).toBe('SIGKILL');
  }

  /** A child with a fresh database, live at the chain's head, with a webhook channel and a badge rule. */
  async function childWithBadgeRule(
    dbName: string,
    target: string,
    extra: Record<string, string>,
  ): Promise<{ api: ChildApi; start: number; rule: AlertRule; channel: Channel; who: string }> {
    const start = await head();
    const api = await spawnApi(dbName, start, extra);
    await ready(api, dbName, start);
    const channel = await webhookChannel(api.url, 'durable hook', target);
    const who = randomAddress();
    const rule = await createRule(api.url, {
      name: 'durable badge',
      condition: { kind: 'token_event', events: ['badge_minted'], addresses: [who] },
      channels: [channel.id],
    });
    return { api, start, rule, channel, who };
  }

  describe('across a kill -9 (child processes)', () => {
    it('killed between the outbox write and the send: delivered once after restart, idempotency key unchanged', async () => {
      const dbName = `${stack.dbName}_outbox`;
      const path = '/hooks/after-outbox';
      const { api, start, rule, channel, who } = await childWithBadgeRule(dbName, `${receiver.url}${path}`, {
        AURA_FAILPOINT: 'alerts-after-outbox:kill',
      });
      const minted = await chain.mintBadge(who);
      expect(await api.exited).toBe('SIGKILL');

      // The killed process wrote the outbox row and died before sending it or moving its checkpoint.
      const before = await deliveriesIn(dbName, rule.id);
      expect(before).toHaveLength(1);
      const stored = before[0] as StoredDelivery;
      expect(stored).toMatchObject({ status: 'pending', attempts: 0 });
      expect(stored._id).toBe(`${stored.message.id}>${channel.id}`);
      expect(await checkpointIn(dbName)).toBeLessThan(minted.blockNumber);
      expect(hits(path)).toHaveLength(0);

      const next = await spawnApi(dbName, start);
      const got = await receiver.waitFor((r) => r.path === path, 60_000);
      expect(got.headers['x-aura-idempotency-key']).toBe(stored._id);
      expect(bodyOf(got).idempotencyKey).toBe(stored._id);
      expect(bodyOf(got).alert).toMatchObject({ id: stored.message.id, kind: 'fired', ruleId: rule.id });
      expect(bodyOf(got).alert.event?.txHash).toBe(minted.txHash);
      // The new process evaluated the mint's block again (its checkpoint passed it) and wrote nothing twice.
      await eventually(async () => {
        expect(await checkpointIn(dbName)).toBeGreaterThanOrEqual(minted.blockNumber);
        const after = await deliveriesIn(dbName, rule.id);
        expect(after.map((d) => [d._id, d.status, d.attempts])).toEqual([[stored._id, 'delivered', 1]]);
      });
      expect(await db(dbName).collection('alerts').countDocuments({ ruleId: rule.id })).toBe(1);
      expect(hits(path)).toHaveLength(1);
      await kill(next);
    });

    it('killed after the send and before settling: sent again after the claim runs out, with the same key', async () => {
      const dbName = `${stack.dbName}_after_send`;
      const path = '/hooks/after-send';
      const { api, start, rule, who } = await childWithBadgeRule(dbName, `${receiver.url}${path}`, {
        AURA_FAILPOINT: 'alerts-after-send:kill',
      });
      await chain.mintBadge(who);
      expect(await api.exited).toBe('SIGKILL');
      // The receiver answered the first send; the process died before recording it.
      expect(hits(path)).toHaveLength(1);
      const [left] = await deliveriesIn(dbName, rule.id);
      expect(left).toMatchObject({ status: 'sending', attempts: 1 });

      const next = await spawnApi(dbName, start);
      await eventually(async () => {
        const [d] = await deliveriesIn(dbName, rule.id);
        expect(d).toMatchObject({ status: 'delivered', attempts: 2 });
      }, 60_000);
      // At least once: the repeat carries the same idempotency key, so a receiver drops it by the key.
      const got = hits(path);
      expect(got.length).toBeGreaterThanOrEqual(1);
      expect(got).toHaveLength(2);
      expect(new Set(got.map((r) => r.headers['x-aura-idempotency-key']))).toEqual(new Set([left?._id]));
      expect(new Set(got.map((r) => bodyOf(r).idempotencyKey))).toEqual(new Set([left?._id]));
      await kill(next);
    });

    it('a receiver outage across a restart: retried by both processes, delivered once it is back', async () => {
      const dbName = `${stack.dbName}_outage`;
      const path = '/hooks/outage';
      // The receiver behind a proxy that refuses connections while it is "down".
      const door = await TcpProxy.start(receiver.port);
      try {
        await door.cut();
        const { api, start, rule, who } = await childWithBadgeRule(dbName, `http://127.0.0.1:${door.port}${path}`, {});
        await chain.mintBadge(who);
        const failing = await eventually(async () => {
          const [d] = await deliveriesIn(dbName, rule.id);
          if (!d || d.attempts < 2 || d.status === 'delivered') throw new Error(`not retried yet: ${d?.attempts}`);
          return d;
        }, 30_000);
        expect(failing.lastError).toEqual(expect.any(String));
        await kill(api);
        const attemptsBefore = (await deliveriesIn(dbName, rule.id))[0]?.attempts ?? 0;

        const next = await spawnApi(dbName, start);
        // The new process takes the row over (a claim of the dead one runs out) and fails on too.
        await eventually(async () => {
          const [d] = await deliveriesIn(dbName, rule.id);
          expect(d?.attempts).toBeGreaterThan(attemptsBefore + 1);
          expect(d?.status).not.toBe('dead');
        }, 60_000);
        expect(hits(path)).toHaveLength(0);

        await door.open();
        const got = await receiver.waitFor((r) => r.path === path, 30_000);
        await eventually(async () => {
          const [d] = await deliveriesIn(dbName, rule.id);
          expect(d).toMatchObject({ status: 'delivered', lastError: null });
        });
        expect(hits(path)).toHaveLength(1);
        expect(got.headers['x-aura-idempotency-key']).toBe(failing._id);
        expect(await db(dbName).collection('alert_deliveries').countDocuments({ ruleId: rule.id })).toBe(1);
        await kill(next);
      } finally {
        await door.cut();
      }
    });
  });

  describe('conditions and channels (the API in-process, its RPC through a proxy)', () => {
    let api: { app: INestApplication; url: string };
    let rpc: RpcProxy;
    let smtp: SmtpReceiver;
    const http = () => request(api.url);

    async function channel(name: string, path: string): Promise<Channel> {
      return webhookChannel(api.url, name, `${receiver.url}${path}`);
    }

    async function deliveriesOf(ruleId: string): Promise<AlertDelivery[]> {
      const res = await http().get(`/api/monitor/alerts/deliveries?ruleId=${ruleId}&limit=200`).expect(200);
      return (res.body as { deliveries: AlertDelivery[] }).deliveries;
    }

    async function disable(ruleId: string): Promise<void> {
      await http().patch(`/api/monitor/alerts/rules/${ruleId}`).send({ enabled: false }).expect(200);
    }

    const evaluated = () => api.app.get(AlertEvaluator).settle();

    /** Waits for the fired message on `path`. */
    async function firedOn(path: string, ruleId: string, timeoutMs = 30_000): Promise<AlertMessage> {
      const got = await receiver.waitFor((r) => r.path === path && bodyOf(r).alert.kind === 'fired', timeoutMs);
      expect(bodyOf(got).alert.ruleId).toBe(ruleId);
      return bodyOf(got).alert;
    }

    /** Waits for the resolved message on `path`; checks it pairs with `fired` and carries the duration. */
    async function resolved(path: string, fired: AlertMessage, timeoutMs = 30_000): Promise<AlertMessage> {
      const got = await receiver.waitFor((r) => r.path === path && bodyOf(r).alert.kind === 'resolved', timeoutMs);
      const message = bodyOf(got).alert;
      expect(message.dedupKey).toBe(fired.id);
      expect(message.state?.durationSeconds).toEqual(expect.any(Number));
      expect(message.text).toMatch(/^Resolved after /);
      return message;
    }

    /** Once each: the rule is disabled, its log shows both delivered, and nothing else came. */
    async function onceEach(path: string, ruleId: string): Promise<void> {
      await disable(ruleId);
      await eventually(async () =>
        expect((await deliveriesOf(ruleId)).map((d) => d.status)).toEqual(['delivered', 'delivered']),
      );
      expect(hits(path).map((r) => bodyOf(r).alert.kind)).toEqual(['fired', 'resolved']);
    }

    /** Sends a transaction from an unlocked node account; a reverted one is mined and stored all the same. */
    async function sendValue(from: string, to: string, value: bigint): Promise<{ hash: string; block: number }> {
      const before = await head();
      await fetch(stack.node.rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'eth_sendTransaction',
          params: [{ from, to, value: `0x${value.toString(16)}`, gas: '0x30000' }],
        }),
      });
      chain.resetNonce();
      // Automine: one block per transaction, whether it reverted or not.
      const block = await stack.node.rpc<{ number: string; transactions: { hash: string; from: string }[] }>(
        'eth_getBlockByNumber',
        ['latest', true],
      );
      expect(Number(block.number)).toBe(before + 1);
      const tx = block.transactions[0];
      expect(tx?.from.toLowerCase()).toBe(from.toLowerCase());
      return { hash: tx?.hash as string, block: Number(block.number) };
    }

    beforeAll(async () => {
      rpc = await RpcProxy.start(stack.node.rpcUrl);
      smtp = await startSmtpReceiver();
      api = await startApi(
        stack,
        {
          DB_NAME: `${stack.dbName}_live`,
          POLYGON_RPC_URL: rpc.url,
          SMTP_URL: smtp.url,
          ALERT_EMAIL_FROM: 'Aura Monitor <alerts@aura.test>',
          ALERT_RETRY_BASE_MS: '100',
          ALERT_RETRY_MAX_MS: '400',
          ALERT_MAX_ATTEMPTS: '10',
          ALERT_HEALTH_INTERVAL_MS: '200',
          ALERT_HEALTH_FOR_MS: '600',
          ALERT_HTTP_TIMEOUT_MS: '2000',
          ALERT_CLAIM_MS: '5000',
          AURA_FAILPOINT: '',
        },
        { waitLive: true },
      );
    });

    afterAll(async () => {
      await api?.app.close();
      await rpc?.down();
      await smtp?.stop();
    });

    it('large_transaction: value ≥ N wei from/to the given addresses fires; smaller, or other ends, do not', async () => {
      const path = '/hooks/large';
      const ch = await channel('large hook', path);
      const [minter, other] = (await stack.node.rpc<string[]>('eth_accounts')).map((a) => a.toLowerCase());
      const badge = stack.contracts.badge.toLowerCase();
      const r = await createRule(api.url, {
        name: 'whale',
        condition: { kind: 'large_transaction', minValueWei: ONE_ETH.toString(), from: [minter], to: [badge] },
        channels: [ch.id],
      });
      await sendValue(minter as string, badge, ONE_ETH - 1n); // below N
      await sendValue(minter as string, stack.contracts.passport, 2n * ONE_ETH); // to another contract
      await sendValue(other as string, badge, 2n * ONE_ETH); // from someone else
      const big = await sendValue(minter as string, badge, ONE_ETH); // exactly N: fires
      const got = await receiver.waitFor((q) => q.path === path, 20_000);
      expect(bodyOf(got).alert).toMatchObject({
        kind: 'fired',
        ruleId: r.id,
        condition: 'large_transaction',
        event: { type: 'transaction', txHash: big.hash, blockNumber: big.block },
      });
      // Every block up to the big one is evaluated: the three others matched nothing.
      await evaluated();
      expect(hits(path)).toHaveLength(1);
      await disable(r.id);
    });

    it('e-mail end to end: the mail arrives over SMTP with its subject and the idempotency header', async () => {
      const mail = (
        await http()
          .post('/api/monitor/alerts/channels')
          .send({ name: 'ops mail', settings: { type: 'email', to: ['ops@example.com'] } })
          .expect(201)
      ).body as Channel;
      const who = randomAddress();
      const r = await createRule(api.url, {
        name: 'badge by mail',
        severity: 'warning',
        condition: { kind: 'token_event', events: ['badge_minted'], addresses: [who] },
        channels: [mail.id],
      });
      const minted = await chain.mintBadge(who);
      const got = await smtp.waitFor((m) => (m.headers['x-aura-idempotency-key'] ?? '').endsWith(`>${mail.id}`));
      const [d] = await eventually(async () => {
        const log = await deliveriesOf(r.id);
        expect(log.map((x) => x.status)).toEqual(['delivered']);
        return log;
      });
      const delivery = d as AlertDelivery;
      expect(got.headers['x-aura-idempotency-key']).toBe(delivery.id);
      expect(got.headers['x-aura-alert-id']).toBe(delivery.message.id);
      expect(got.headers['subject']).toBe(emailContent(delivery.message).subject);
      expect(got.headers['subject']).toMatch(/^\[WARNING\] /);
      expect(got.envelope).toEqual({ from: 'alerts@aura.test', to: ['ops@example.com'] });
      expect(got.raw).toContain(minted.txHash);
      expect(smtp.messages.filter((m) => m.headers['x-aura-idempotency-key'] === delivery.id)).toHaveLength(1);
      await disable(r.id);
    });

    it('rpc_unhealthy and follower_error fire when the RPC is cut and resolve, with the duration, once it is back', async () => {
      const rpcPath = '/hooks/rpc';
      const followerPath = '/hooks/follower';
      const rpcRule = await createRule(api.url, {
        name: 'rpc down',
        condition: { kind: 'rpc_unhealthy' },
        channels: [(await channel('rpc hook', rpcPath)).id],
      });
      const followerRule = await createRule(api.url, {
        name: 'follower stuck',
        condition: { kind: 'follower_error' },
        channels: [(await channel('follower hook', followerPath)).id],
      });
      await rpc.down();
      const rpcFired = await firedOn(rpcPath, rpcRule.id);
      const followerFired = await firedOn(followerPath, followerRule.id);
      expect(rpcFired.state?.detail).toContain('unhealthy');
      expect(followerFired.state?.detail).toEqual(expect.any(String));
      await rpc.up();
      await resolved(rpcPath, rpcFired);
      const followerResolved = await resolved(followerPath, followerFired);
      expect(followerResolved.state?.detail).toBe('the follower polls without error');
      await onceEach(rpcPath, rpcRule.id);
      await onceEach(followerPath, followerRule.id);
    });

    it('sync_lag fires while the follower is held back from new blocks and resolves once it catches up', async () => {
      const path = '/hooks/lag';
      const r = await createRule(api.url, {
        name: 'lagging',
        condition: { kind: 'sync_lag', blocks: 2 },
        channels: [(await channel('lag hook', path)).id],
      });
      // The node still tells the head, but answers no block by number: the follower waits for them.
      let held = true;
      rpc.rewrite = (call, result) =>
        held && call.method === 'eth_getBlockByNumber' && /^0x/.test(String(call.params[0])) ? null : result;
      try {
        const from = await head();
        await stack.node.rpc('hardhat_mine', ['0x4']);
        const fired = await firedOn(path, r.id);
        expect(fired.state?.detail).toMatch(/^lag 4 blocks/);
        expect(await head()).toBe(from + 4);
        held = false;
        const done = await resolved(path, fired);
        // Resolved once the lag is back within the limit (a health reading may fall mid catch-up).
        expect(done.state?.detail).toMatch(/^lag [0-2] blocks/);
      } finally {
        rpc.rewrite = null;
      }
      await onceEach(path, r.id);
    });

    it('database_down is sent directly while the database is down; the resolve follows and the log shows both', async () => {
      const path = '/hooks/db';
      const r = await createRule(api.url, {
        name: 'db down',
        severity: 'critical',
        condition: { kind: 'database_down' },
        channels: [(await channel('db hook', path)).id],
      });
      const restart = await stack.stopDatabase();
      let fired: RecordedRequest;
      try {
        fired = await receiver.waitFor((q) => q.path === path, 60_000);
      } finally {
        await restart();
      }
      const firedMessage = bodyOf(fired).alert;
      expect(firedMessage).toMatchObject({ kind: 'fired', ruleId: r.id, condition: 'database_down' });
      expect(fired.headers['x-aura-idempotency-key']).toBe(bodyOf(fired).idempotencyKey);
      await resolved(path, firedMessage, 60_000);
      // Back in the log: the direct send (written once the database answered) and the resolve.
      const log = await eventually(async () => {
        const d = await deliveriesOf(r.id);
        expect(d.map((x) => [x.message.kind, x.status]).sort()).toEqual([
          ['fired', 'delivered'],
          ['resolved', 'delivered'],
        ]);
        return d;
      }, 30_000);
      expect(log.find((x) => x.message.kind === 'fired')?.id).toBe(bodyOf(fired).idempotencyKey);
      await onceEach(path, r.id);
    });
  });
});
