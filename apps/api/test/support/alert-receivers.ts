// Local stand-ins for the services the alert channels talk to, on loopback: an HTTP receiver that
// answers like a webhook endpoint, Slack, Discord, Telegram's Bot API and PagerDuty's Events API, and
// an SMTP server. Both record what arrived and can be scripted to fail, so tests see real requests.
import { EventEmitter } from 'node:events';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from 'smtp-server';

import type { AlertMessage } from '@aura/events';

// --- a message -----------------------------------------------------------------------------------

/** A chain-event alert with markup-looking text, for the payload and channel tests. */
export function sampleAlertMessage(over: Partial<AlertMessage> = {}): AlertMessage {
  return {
    id: 'al_0123456789abcdef',
    kind: 'fired',
    ruleId: 'ru_0123456789abcdef',
    ruleName: 'Mints to the <treasury> & co',
    severity: 'critical',
    condition: 'token_event',
    title: 'Badge minted to 0xabc… (rule *Mints*)',
    text: 'A badge was minted to <!channel> & friends in block 42: <https://evil.example|your bank>.',
    at: '2025-01-01T12:00:00.000Z',
    event: {
      type: 'badge_minted',
      contract: '0x1111111111111111111111111111111111111111',
      txHash: '0x' + 'ab'.repeat(32),
      blockNumber: 42,
      blockHash: '0x' + 'cd'.repeat(32),
      address: '0x2222222222222222222222222222222222222222',
      tokenId: '7',
    },
    suppressed: 0,
    ...over,
  };
}

// --- HTTP ------------------------------------------------------------------------------------------

export interface RecordedRequest {
  method: string;
  /** The path with its query, as sent (`/bot<token>/sendMessage`). */
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
  /** The body parsed as JSON; undefined when it is not JSON. */
  json: unknown;
  /** The status this receiver answered with (null: it did not answer). */
  answeredWith: number | null;
}

export interface ScriptedAnswer {
  status: number;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else as JSON. Absent: the service's usual body for that status. */
  body?: unknown;
  /** Accept the request and never answer (a hung receiver; the sender's timeout must end it). */
  hang?: boolean;
}

export interface HttpReceiver {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  readonly requests: readonly RecordedRequest[];
  /** The next requests (on paths matching `path`, default all) get these answers, in order, then the defaults. */
  script(answers: ScriptedAnswer[], path?: RegExp): void;
  /** Resolves with the first request (recorded before or after the call) matching `predicate`. */
  waitFor(predicate: (req: RecordedRequest) => boolean, timeoutMs?: number): Promise<RecordedRequest>;
  stop(): Promise<void>;
}

const TELEGRAM_PATH = /^\/bot[^/]+\/sendMessage$/;
const PAGERDUTY_PATH = /^\/v2\/enqueue$/;

export async function startHttpReceiver(): Promise<HttpReceiver> {
  const requests: RecordedRequest[] = [];
  const scripts: { path: RegExp | null; answers: ScriptedAnswer[] }[] = [];
  const arrivals = new EventEmitter();
  arrivals.setMaxListeners(0);

  const nextScripted = (path: string): ScriptedAnswer | null => {
    for (const s of scripts) {
      if ((s.path === null || s.path.test(path)) && s.answers.length > 0) return s.answers.shift() ?? null;
    }
    return null;
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks);
      const path = req.url ?? '/';
      const record: RecordedRequest = {
        method: req.method ?? 'GET',
        path,
        headers: req.headers,
        rawBody,
        json: parseJson(rawBody),
        answeredWith: null,
      };
      const scripted = nextScripted(path.split('?')[0] ?? path);
      if (!scripted?.hang) {
        const answer = scripted ?? { status: defaultStatus(path) };
        record.answeredWith = answer.status;
        respond(res, path, record.json, answer);
      }
      requests.push(record);
      arrivals.emit('request', record);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    script(answers, path) {
      scripts.push({ path: path ?? null, answers: [...answers] });
    },
    waitFor: (predicate, timeoutMs = 10_000) =>
      waitForEvent(requests, arrivals, 'request', predicate, timeoutMs, 'request'),
    stop: () =>
      new Promise<void>((resolve) => {
        // Hung requests keep their sockets open: close them, or close() would wait for them.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function defaultStatus(path: string): number {
  return PAGERDUTY_PATH.test(path.split('?')[0] ?? path) ? 202 : 200;
}

/** Each service's body for a status, as its documentation shows it. */
function respond(res: ServerResponse, path: string, requestJson: unknown, answer: ScriptedAnswer): void {
  const bare = path.split('?')[0] ?? path;
  let body = answer.body;
  if (body === undefined) {
    if (TELEGRAM_PATH.test(bare)) {
      body =
        answer.status < 300
          ? { ok: true, result: { message_id: 1, date: 0, chat: { id: 0 } } }
          : { ok: false, error_code: answer.status, description: `Error ${answer.status}` };
    } else if (PAGERDUTY_PATH.test(bare)) {
      const dedupKey = (requestJson as { dedup_key?: unknown } | undefined)?.dedup_key;
      body =
        answer.status < 300
          ? { status: 'success', message: 'Event processed', dedup_key: dedupKey }
          : { status: 'invalid event', message: 'Event object is invalid', errors: [`status ${answer.status}`] };
    } else {
      body = answer.status < 300 ? 'ok' : `error ${answer.status}`;
    }
  }
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const type = typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json';
  res.writeHead(answer.status, { 'Content-Type': type, ...answer.headers });
  res.end(text);
}

function parseJson(raw: Buffer): unknown {
  try {
    return raw.length ? (JSON.parse(raw.toString('utf8')) as unknown) : undefined;
  } catch {
    return undefined;
  }
}

// --- SMTP ------------------------------------------------------------------------------------------

export interface RecordedMail {
  envelope: { from: string | null; to: string[] };
  /** The authenticated user, when the client logged in. */
  user: string | null;
  raw: string;
  /** Header names in lower case; a repeated header keeps its first value. */
  headers: Record<string, string>;
}

export interface SmtpReceiver {
  /** `smtp://127.0.0.1:<port>` (with `user:pass@` when started with credentials). */
  readonly url: string;
  readonly port: number;
  readonly messages: readonly RecordedMail[];
  /** Messages refused so far by refuseNext. */
  readonly refused: number;
  /** Refuses the next `count` messages at the end of DATA with `code` (default 451, a temporary failure). */
  refuseNext(count: number, code?: number, text?: string): void;
  waitFor(predicate: (mail: RecordedMail) => boolean, timeoutMs?: number): Promise<RecordedMail>;
  stop(): Promise<void>;
}

export interface SmtpReceiverOptions {
  /** When given, AUTH is required and must match (wrong credentials get 535). */
  auth?: { user: string; pass: string };
}

export async function startSmtpReceiver(options: SmtpReceiverOptions = {}): Promise<SmtpReceiver> {
  const messages: RecordedMail[] = [];
  const arrivals = new EventEmitter();
  arrivals.setMaxListeners(0);
  let refusals: { remaining: number; code: number; text: string } = { remaining: 0, code: 451, text: '' };
  let refused = 0;
  const expected = options.auth;

  const server = new SMTPServer({
    secure: false,
    // Plain SMTP on loopback: no STARTTLS offered (nodemailer would upgrade to it), AUTH allowed without TLS.
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: !expected,
    logger: false,
    onAuth(auth, _session, callback) {
      if (!expected || (auth.username === expected.user && auth.password === expected.pass)) {
        callback(null, { user: auth.username ?? 'anonymous' });
        return;
      }
      callback(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
    },
    onData(stream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (refusals.remaining > 0) {
          refusals.remaining -= 1;
          refused += 1;
          callback(Object.assign(new Error(refusals.text), { responseCode: refusals.code }));
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        const mail: RecordedMail = {
          envelope: {
            from: addressOf(session.envelope.mailFrom),
            to: session.envelope.rcptTo.map((a) => a.address),
          },
          user: typeof session.user === 'string' ? session.user : null,
          raw,
          headers: parseHeaders(raw),
        };
        messages.push(mail);
        callback(null, 'Message queued');
        arrivals.emit('mail', mail);
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  const userinfo = expected ? `${encodeURIComponent(expected.user)}:${encodeURIComponent(expected.pass)}@` : '';

  return {
    url: `smtp://${userinfo}127.0.0.1:${port}`,
    port,
    messages,
    get refused() {
      return refused;
    },
    refuseNext(count, code = 451, text = 'Requested action aborted: try again later') {
      refusals = { remaining: count, code, text };
    },
    waitFor: (predicate, timeoutMs = 10_000) => waitForEvent(messages, arrivals, 'mail', predicate, timeoutMs, 'mail'),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function addressOf(address: SMTPServerAddress | false): string | null {
  return address ? address.address : null;
}

/** The header block of a raw message, unfolded (RFC 5322 continuation lines start with white space). */
export function parseHeaders(raw: string): Record<string, string> {
  const end = raw.search(/\r?\n\r?\n/);
  const block = (end === -1 ? raw : raw.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const headers: Record<string, string> = {};
  for (const line of block.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!(name in headers)) headers[name] = decodeEncodedWords(line.slice(colon + 1).trim());
  }
  return headers;
}

/** RFC 2047 encoded words (`=?UTF-8?Q?…?=`, `=?UTF-8?B?…?=`), as mailers write non-ASCII headers. */
function decodeEncodedWords(value: string): string {
  // White space between two adjacent encoded words is not part of the text (RFC 2047 §6.2).
  return value.replace(
    /=\?([^?]+)\?([QqBb])\?([^?]*)\?=(?:\s+(?==\?))?/g,
    (_all, _charset, encoding: string, text: string) => {
      const bytes =
        encoding.toUpperCase() === 'B'
          ? Buffer.from(text, 'base64')
          : Buffer.from(
              text
                .replace(/_/g, ' ')
                .replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
              'latin1',
            );
      return bytes.toString('utf8');
    },
  );
}

// --- shared ----------------------------------------------------------------------------------------

function waitForEvent<T>(
  seen: readonly T[],
  emitter: EventEmitter,
  event: string,
  predicate: (item: T) => boolean,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const already = seen.find(predicate);
  if (already) return Promise.resolve(already);
  return new Promise<T>((resolve, reject) => {
    const onItem = (item: T) => {
      if (!predicate(item)) return;
      clearTimeout(timer);
      emitter.off(event, onItem);
      resolve(item);
    };
    const timer = setTimeout(() => {
      emitter.off(event, onItem);
      reject(new Error(`no matching ${what} within ${timeoutMs} ms (${seen.length} received)`));
    }, timeoutMs);
    emitter.on(event, onItem);
  });
}
