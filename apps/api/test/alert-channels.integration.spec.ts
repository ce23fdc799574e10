// Every alert channel against real servers on loopback: what each service receives (bodies, headers,
// the webhook signature during a rotation), how each failure is classified for the deliverer, and
// that no error text carries a channel's secret.
import type { AlertMessage, ChannelSettings } from '@aura/events';
import { freePort } from '@aura/tools/stack/processes';

import type { AlertChannelConfig } from '../src/alerts/channels/channel-config';
import { ChannelSender } from '../src/alerts/channels/channel-sender';
import type { SendOutcome } from '../src/alerts/channels/send-outcome';
import { verifyWebhookSignature } from '../src/alerts/channels/webhook-signature';
import {
  type HttpReceiver,
  type RecordedRequest,
  sampleAlertMessage,
  type SmtpReceiver,
  startHttpReceiver,
  startSmtpReceiver,
} from './support/alert-receivers';

const WEBHOOK_SECRET = 'whsec-current-0123456789abcdef';
const WEBHOOK_OLD_SECRET = 'whsec-previous-fedcba9876543210';
const SLACK_TOKEN = 'SlackTokenXXXXXXXXXXXXXX1234';
const DISCORD_TOKEN = 'DiscordToken-abcdefghijklmnopqrstuvwxyz_0123';
const TELEGRAM_TOKEN = '123456789:AAHtelegram-bot-token-value_xyz';
const PAGERDUTY_KEY = 'R0UTINGKEY0123456789abcdefPD';
const SMTP_PASSWORD = 'smtp-pa$$word-9876';
const ALL_SECRETS = [
  WEBHOOK_SECRET,
  WEBHOOK_OLD_SECRET,
  SLACK_TOKEN,
  DISCORD_TOKEN,
  TELEGRAM_TOKEN,
  PAGERDUTY_KEY,
  SMTP_PASSWORD,
];

let http: HttpReceiver;
let smtp: SmtpReceiver;
let config: AlertChannelConfig;
let sender: ChannelSender;
const published: AlertMessage[] = [];
const errors: string[] = [];
let keySeq = 0;

const nextKey = () => `dl_it_${++keySeq}`;
const channel = (settings: ChannelSettings) => ({ id: `ch_${settings.type}0001`, name: settings.type, settings });
const withKey = (key: string) => (r: RecordedRequest) =>
  JSON.stringify(r.json ?? {}).includes(key) || r.headers['x-aura-idempotency-key'] === key;

const webhook = (): ChannelSettings => ({
  type: 'webhook',
  url: `${http.url}/hooks/aura?team=ops`,
  secret: WEBHOOK_SECRET,
  previousSecret: WEBHOOK_OLD_SECRET,
});
const slack = (): ChannelSettings => ({ type: 'slack', webhookUrl: `${http.url}/services/T0001/B0001/${SLACK_TOKEN}` });
const discord = (): ChannelSettings => ({
  type: 'discord',
  webhookUrl: `${http.url}/api/webhooks/1234/${DISCORD_TOKEN}`,
});
const telegram = (): ChannelSettings => ({ type: 'telegram', botToken: TELEGRAM_TOKEN, chatId: '-1001234567890' });
const pagerduty = (): ChannelSettings => ({ type: 'pagerduty', routingKey: PAGERDUTY_KEY });

/** Sends and keeps each error for the no-secret check at the end. */
async function send(settings: ChannelSettings, message: AlertMessage, key: string, via = sender): Promise<SendOutcome> {
  const outcome = await via.send(channel(settings), message, key);
  if (!outcome.ok) errors.push(outcome.error);
  return outcome;
}

function expectFailure(outcome: SendOutcome): Extract<SendOutcome, { ok: false }> {
  if (outcome.ok) throw new Error(`expected a failure, got ${JSON.stringify(outcome)}`);
  return outcome;
}

beforeAll(async () => {
  [http, smtp] = await Promise.all([startHttpReceiver(), startSmtpReceiver()]);
  config = {
    telegramApiUrl: http.url,
    pagerDutyEventsUrl: `${http.url}/v2/enqueue`,
    smtpUrl: smtp.url,
    emailFrom: 'Aura Monitor <alerts@aura.test>',
    httpTimeoutMs: 5_000,
  };
  sender = new ChannelSender(config, (m) => {
    published.push(m);
    return 1;
  });
});

afterAll(async () => {
  sender?.close();
  await Promise.all([http?.stop(), smtp?.stop()]);
});

describe('webhook', () => {
  it('posts the signed JSON body; both secrets of a rotation verify it, a stale timestamp does not', async () => {
    const key = nextKey();
    const message = sampleAlertMessage();
    await expect(send(webhook(), message, key)).resolves.toEqual({ ok: true, status: 200 });

    const req = await http.waitFor(withKey(key));
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/hooks/aura?team=ops');
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers['x-aura-idempotency-key']).toBe(key);
    expect(req.json).toEqual({ idempotencyKey: key, alert: message });

    const header = req.headers['x-aura-signature'];
    const timestamp = req.headers['x-aura-timestamp'];
    expect(timestamp).toMatch(/^\d+$/);
    expect(
      String(header)
        .split(',')
        .map((s) => s.trim().slice(0, 3)),
    ).toEqual(['v1=', 'v1=']);
    // The receiver's clock is set to the request's own timestamp: the check is about the signature, not the wall clock.
    const at = Number(timestamp) * 1000;
    const check = (secrets: string[], now = at, body: Buffer | string = req.rawBody) =>
      verifyWebhookSignature({ header, timestamp: timestamp as string, body, secrets, now });
    expect(check([WEBHOOK_SECRET])).toEqual({ ok: true });
    expect(check([WEBHOOK_OLD_SECRET])).toEqual({ ok: true });
    expect(check(['some-other-secret-123456'])).toEqual({ ok: false, reason: 'mismatch' });
    expect(check([WEBHOOK_SECRET], at + 301_000)).toEqual({ ok: false, reason: 'stale' });
    expect(check([WEBHOOK_SECRET], at, req.rawBody.toString('utf8').replace('"critical"', '"info"'))).toEqual({
      ok: false,
      reason: 'mismatch',
    });
  });

  it('signs with one secret when no rotation is under way', async () => {
    const key = nextKey();
    const settings: ChannelSettings = { type: 'webhook', url: `${http.url}/hooks/single`, secret: WEBHOOK_SECRET };
    await expect(send(settings, sampleAlertMessage(), key)).resolves.toMatchObject({ ok: true });
    const req = await http.waitFor(withKey(key));
    expect(String(req.headers['x-aura-signature']).split(',')).toHaveLength(1);
    const now = Number(req.headers['x-aura-timestamp']) * 1000;
    const verify = (secrets: string[]) =>
      verifyWebhookSignature({
        header: req.headers['x-aura-signature'],
        timestamp: req.headers['x-aura-timestamp'] as string,
        body: req.rawBody,
        secrets,
        now,
      });
    expect(verify([WEBHOOK_SECRET])).toEqual({ ok: true });
    expect(verify([WEBHOOK_OLD_SECRET])).toEqual({ ok: false, reason: 'mismatch' });
  });
});

describe('slack', () => {
  it('posts Block Kit with the escaped text and the event fields', async () => {
    const key = nextKey();
    await expect(send(slack(), sampleAlertMessage(), key)).resolves.toEqual({ ok: true, status: 200 });
    const req = await http.waitFor((r) => r.headers['x-aura-idempotency-key'] === key);
    expect(req.path).toBe(`/services/T0001/B0001/${SLACK_TOKEN}`);
    const body = req.json as {
      text: string;
      blocks: { type: string; text?: { text: string }; fields?: { text: string }[] }[];
    };
    expect(body.text).toContain('[CRITICAL]');
    expect(body.blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'context']);
    expect(body.blocks[0]?.text?.text).toBe(sampleAlertMessage().title);
    expect(body.blocks[1]?.text?.text).toContain('&lt;!channel&gt;');
    expect(body.blocks[2]?.fields?.map((f) => f.text.split('\n')[0])).toEqual(
      expect.arrayContaining(['*Block*', '*Tx*', '*Address*']),
    );
  });
});

describe('discord', () => {
  it('posts one embed with no mentions allowed; 204 is success', async () => {
    const key = nextKey();
    http.script([{ status: 204, body: '' }], /^\/api\/webhooks\//);
    await expect(send(discord(), sampleAlertMessage(), key)).resolves.toEqual({ ok: true, status: 204 });
    const req = await http.waitFor((r) => r.headers['x-aura-idempotency-key'] === key);
    const body = req.json as {
      allowed_mentions: unknown;
      embeds: { title: string; color: number; fields: { name: string }[] }[];
    };
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(body.embeds).toHaveLength(1);
    expect(body.embeds[0]?.title).toBe(sampleAlertMessage().title);
    expect(body.embeds[0]?.color).toBe(0xd92d20);
    expect(body.embeds[0]?.fields.map((f) => f.name)).toEqual(expect.arrayContaining(['Severity', 'Block', 'Tx']));
  });

  it('honours the retry_after of its 429 body', async () => {
    http.script(
      [{ status: 429, body: { message: 'You are being rate limited.', retry_after: 1.5, global: false } }],
      /^\/api\/webhooks\//,
    );
    const out = expectFailure(await send(discord(), sampleAlertMessage(), nextKey()));
    expect(out).toMatchObject({ retryable: true, retryAfterMs: 1500 });
  });
});

describe('telegram', () => {
  it('calls sendMessage with HTML-escaped text', async () => {
    const key = nextKey();
    await expect(send(telegram(), sampleAlertMessage(), key)).resolves.toEqual({ ok: true, status: 200 });
    const req = await http.waitFor((r) => r.headers['x-aura-idempotency-key'] === key);
    expect(req.path).toBe(`/bot${TELEGRAM_TOKEN}/sendMessage`);
    expect(req.json).toMatchObject({ chat_id: '-1001234567890', parse_mode: 'HTML', disable_web_page_preview: true });
    const text = (req.json as { text: string }).text;
    expect(text).toContain('&lt;!channel&gt; &amp; friends');
    expect(text).not.toContain('<!channel>');
  });

  it('reads parameters.retry_after of a 429 and the description of a 400', async () => {
    http.script(
      [
        {
          status: 429,
          body: {
            ok: false,
            error_code: 429,
            description: 'Too Many Requests: retry after 11',
            parameters: { retry_after: 11 },
          },
        },
        { status: 400, body: { ok: false, error_code: 400, description: 'Bad Request: chat not found' } },
      ],
      /^\/bot/,
    );
    expect(expectFailure(await send(telegram(), sampleAlertMessage(), nextKey()))).toMatchObject({
      retryable: true,
      retryAfterMs: 11_000,
    });
    const bad = expectFailure(await send(telegram(), sampleAlertMessage(), nextKey()));
    expect(bad).toMatchObject({ retryable: false, retryAfterMs: null });
    expect(bad.error).toContain('chat not found');
  });
});

describe('pagerduty', () => {
  it('triggers, then resolves by the dedup key of the alert it ends (and resolves a retraction)', async () => {
    const fired = sampleAlertMessage({ id: 'al_pd_fired' });
    await expect(send(pagerduty(), fired, nextKey())).resolves.toEqual({ ok: true, status: 202 });
    const trigger = await http.waitFor((r) => (r.json as { dedup_key?: string })?.dedup_key === 'al_pd_fired');
    expect(trigger.path).toBe('/v2/enqueue');
    expect(trigger.json).toMatchObject({
      routing_key: PAGERDUTY_KEY,
      event_action: 'trigger',
      payload: { source: 'aura-monitor', severity: 'critical', summary: fired.title, timestamp: fired.at },
    });

    const resolved = sampleAlertMessage({ id: 'al_pd_resolved', kind: 'resolved', dedupKey: 'al_pd_fired' });
    const resolveKey = nextKey();
    await expect(send(pagerduty(), resolved, resolveKey)).resolves.toEqual({ ok: true, status: 202 });
    const resolve = await http.waitFor((r) => r.headers['x-aura-idempotency-key'] === resolveKey);
    expect(resolve.json).toMatchObject({ event_action: 'resolve', dedup_key: 'al_pd_fired' });

    const retractKey = nextKey();
    const retracted = sampleAlertMessage({ id: 'al_pd_retract', kind: 'retracted', retracts: 'al_pd_fired' });
    await expect(send(pagerduty(), retracted, retractKey)).resolves.toMatchObject({ ok: true });
    const retract = await http.waitFor((r) => r.headers['x-aura-idempotency-key'] === retractKey);
    expect(retract.json).toMatchObject({ event_action: 'resolve', dedup_key: 'al_pd_fired' });
  });
});

describe('email', () => {
  it('sends one mail over SMTP with subject, bodies and the idempotency header', async () => {
    const key = nextKey();
    const out = await send({ type: 'email', to: ['ops@example.com', 'oncall@example.com'] }, sampleAlertMessage(), key);
    expect(out).toEqual({ ok: true, status: 250 });
    const mail = await smtp.waitFor((m) => m.headers['x-aura-idempotency-key'] === key);
    expect(mail.envelope).toEqual({ from: 'alerts@aura.test', to: ['ops@example.com', 'oncall@example.com'] });
    expect(mail.headers['subject']).toBe('[CRITICAL] Badge minted to 0xabc… (rule *Mints*)');
    expect(mail.headers['from']).toBe('Aura Monitor <alerts@aura.test>');
    expect(mail.headers['message-id']).toBe(`<${key}@aura.test>`);
    expect(mail.headers['content-type']).toMatch(/^multipart\/alternative/);
    expect(mail.raw).toContain('text/html');
  });

  it('is retryable on a 451, permanent on a 550, and goes through once the server accepts again', async () => {
    const to = { type: 'email' as const, to: ['ops@example.com'] };
    smtp.refuseNext(1, 451);
    const temp = expectFailure(await send(to, sampleAlertMessage(), nextKey()));
    expect(temp).toMatchObject({ retryable: true, retryAfterMs: null });
    expect(temp.error).toContain('451');
    expect(smtp.refused).toBe(1);

    smtp.refuseNext(1, 550, 'Mailbox unavailable');
    expect(expectFailure(await send(to, sampleAlertMessage(), nextKey()))).toMatchObject({ retryable: false });

    const key = nextKey();
    await expect(send(to, sampleAlertMessage(), key)).resolves.toMatchObject({ ok: true });
    await smtp.waitFor((m) => m.headers['x-aura-idempotency-key'] === key);
  });

  it('logs in with the URL credentials; a wrong password is permanent and not quoted', async () => {
    const guarded = await startSmtpReceiver({ auth: { user: 'aura', pass: SMTP_PASSWORD } });
    const good = new ChannelSender({ ...config, smtpUrl: guarded.url });
    const bad = new ChannelSender({
      ...config,
      smtpUrl: guarded.url.replace(encodeURIComponent(SMTP_PASSWORD), 'wrong-password'),
    });
    try {
      const key = nextKey();
      await expect(
        send({ type: 'email', to: ['ops@example.com'] }, sampleAlertMessage(), key, good),
      ).resolves.toMatchObject({ ok: true });
      expect((await guarded.waitFor((m) => m.headers['x-aura-idempotency-key'] === key)).user).toBe('aura');

      const refused = expectFailure(
        await send({ type: 'email', to: ['ops@example.com'] }, sampleAlertMessage(), nextKey(), bad),
      );
      expect(refused.retryable).toBe(false);
      expect(refused.error).toContain('535');
      expect(refused.error).not.toContain('wrong-password');
    } finally {
      good.close();
      bad.close();
      await guarded.stop();
    }
  });

  it('is retryable when the SMTP server cannot be reached', async () => {
    const closed = new ChannelSender({
      ...config,
      smtpUrl: `smtp://aura:${encodeURIComponent(SMTP_PASSWORD)}@127.0.0.1:${await freePort()}`,
    });
    const out = expectFailure(
      await send({ type: 'email', to: ['ops@example.com'] }, sampleAlertMessage(), nextKey(), closed),
    );
    closed.close();
    expect(out.retryable).toBe(true);
    expect(out.error).toMatch(/ECONNREFUSED|ECONNECTION|ESOCKET/);
  });
});

describe('dashboard', () => {
  it('hands the message to the publisher', async () => {
    const message = sampleAlertMessage({ id: 'al_dash' });
    await expect(send({ type: 'dashboard' }, message, nextKey())).resolves.toEqual({ ok: true, status: null });
    expect(published).toContainEqual(message);
  });
});

describe('retry classification', () => {
  it('503 twice is retryable each time, then the same request goes through', async () => {
    http.script([{ status: 503 }, { status: 503, headers: { 'Retry-After': '2' } }], /^\/hooks\/outage$/);
    const settings: ChannelSettings = { type: 'webhook', url: `${http.url}/hooks/outage`, secret: WEBHOOK_SECRET };
    const key = nextKey();
    expect(expectFailure(await send(settings, sampleAlertMessage(), key))).toMatchObject({
      retryable: true,
      retryAfterMs: null,
    });
    expect(expectFailure(await send(settings, sampleAlertMessage(), key))).toMatchObject({
      retryable: true,
      retryAfterMs: 2000,
    });
    await expect(send(settings, sampleAlertMessage(), key)).resolves.toEqual({ ok: true, status: 200 });
    const attempts = http.requests.filter((r) => r.headers['x-aura-idempotency-key'] === key);
    expect(attempts.map((r) => r.answeredWith)).toEqual([503, 503, 200]);
    // One idempotency key across the attempts: the receiver can drop a repeat.
    expect(new Set(attempts.map((r) => (r.json as { idempotencyKey: string }).idempotencyKey))).toEqual(new Set([key]));
  });

  it('429 with Retry-After gives retryAfterMs', async () => {
    http.script([{ status: 429, headers: { 'Retry-After': '7' } }], /^\/services\//);
    expect(expectFailure(await send(slack(), sampleAlertMessage(), nextKey()))).toMatchObject({
      retryable: true,
      retryAfterMs: 7000,
    });
  });

  it('400, 401, 404 and a redirect are not retryable', async () => {
    http.script(
      [
        { status: 400, body: 'invalid_payload' },
        { status: 401 },
        { status: 404, body: 'no_service' },
        { status: 302, headers: { Location: 'http://127.0.0.1:1/elsewhere' } },
      ],
      /^\/services\//,
    );
    for (const status of [400, 401, 404, 302]) {
      const out = expectFailure(await send(slack(), sampleAlertMessage(), nextKey()));
      expect(out).toMatchObject({ retryable: false, retryAfterMs: null });
      expect(out.error).toContain(`HTTP ${status}`);
    }
  });

  it('PagerDuty 500 is retryable, 400 is not', async () => {
    http.script([{ status: 500 }, { status: 400 }], /^\/v2\/enqueue$/);
    expect(expectFailure(await send(pagerduty(), sampleAlertMessage(), nextKey()))).toMatchObject({ retryable: true });
    expect(expectFailure(await send(pagerduty(), sampleAlertMessage(), nextKey()))).toMatchObject({ retryable: false });
  });

  it('a refused connection is retryable, for every HTTP channel', async () => {
    const dead = `http://127.0.0.1:${await freePort()}`;
    const offline = new ChannelSender({ ...config, telegramApiUrl: dead, pagerDutyEventsUrl: `${dead}/v2/enqueue` });
    const settings: ChannelSettings[] = [
      { type: 'webhook', url: `${dead}/hooks`, secret: WEBHOOK_SECRET, previousSecret: WEBHOOK_OLD_SECRET },
      { type: 'slack', webhookUrl: `${dead}/services/T0001/B0001/${SLACK_TOKEN}` },
      { type: 'discord', webhookUrl: `${dead}/api/webhooks/1234/${DISCORD_TOKEN}` },
      telegram(),
      pagerduty(),
    ];
    for (const s of settings) {
      const out = expectFailure(await send(s, sampleAlertMessage(), nextKey(), offline));
      expect(out).toMatchObject({ retryable: true, retryAfterMs: null });
      expect(out.error).toContain('ECONNREFUSED');
    }
  });

  it('a receiver that never answers is cut off by the timeout and retryable', async () => {
    const quick = new ChannelSender({ ...config, httpTimeoutMs: 300 });
    http.script([{ status: 200, hang: true }], /^\/hooks\/hang$/);
    const key = nextKey();
    const out = expectFailure(
      await send(
        { type: 'webhook', url: `${http.url}/hooks/hang`, secret: WEBHOOK_SECRET },
        sampleAlertMessage(),
        key,
        quick,
      ),
    );
    expect(out).toMatchObject({ retryable: true });
    expect(out.error).toContain('no answer within 300 ms');
    expect((await http.waitFor((r) => r.headers['x-aura-idempotency-key'] === key)).answeredWith).toBeNull();
  });
});

describe('secrets', () => {
  it('stay out of error texts even when a receiver echoes them back', async () => {
    http.script([{ status: 500, body: `internal error for /services/T0001/B0001/${SLACK_TOKEN}` }], /^\/services\//);
    http.script(
      [{ status: 403, body: { message: `Invalid Webhook Token ${DISCORD_TOKEN}`, code: 50027 } }],
      /^\/api\/webhooks\//,
    );
    http.script(
      [{ status: 401, body: { ok: false, error_code: 401, description: `Unauthorized bot ${TELEGRAM_TOKEN}` } }],
      /^\/bot/,
    );
    http.script(
      [
        {
          status: 400,
          body: { status: 'invalid event', message: `bad routing_key ${PAGERDUTY_KEY}`, errors: [PAGERDUTY_KEY] },
        },
      ],
      /^\/v2\//,
    );
    http.script(
      [{ status: 502, body: `upstream saw secret=${WEBHOOK_SECRET}&old=${encodeURIComponent(WEBHOOK_OLD_SECRET)}` }],
      /^\/hooks\/aura$/,
    );
    for (const s of [slack(), discord(), telegram(), pagerduty(), webhook()]) {
      const out = expectFailure(await send(s, sampleAlertMessage(), nextKey()));
      expect(out.error).toContain('[redacted]');
    }
    // Every error collected in this file, from every channel and failure kind.
    expect(errors.length).toBeGreaterThan(15);
    for (const error of errors) {
      for (const secret of ALL_SECRETS) {
        expect(error).not.toContain(secret);
        expect(error).not.toContain(encodeURIComponent(secret));
      }
    }
  });
});
