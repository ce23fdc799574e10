import type { IncomingMessage, ServerResponse } from 'node:http';
import { Writable } from 'node:stream';

import express, { type NextFunction, type Request, type Response } from 'express';
import { storage, Store } from 'nestjs-pino/storage';
import { pino } from 'pino';
import { pinoHttp } from 'pino-http';
import request from 'supertest';

import { logRequests, pinoOptions, requestIdOf } from './request-logging';

/** Lines written to a pino logger, parsed. */
class Lines extends Writable {
  readonly lines: Record<string, unknown>[] = [];
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) this.lines.push(JSON.parse(line));
    done();
  }
}

/** The request logging as it was: nestjs-pino's two middlewares (pino-http, then the context binding). */
function pinoHttpLogging(level: string, out: Lines) {
  const http = pinoHttp(
    {
      level,
      genReqId: requestIdOf,
      autoLogging: { ignore: (req: IncomingMessage) => /^\/(metrics|api\/monitor\/health)/.test(req.url ?? '') },
      customLogLevel: (_req: IncomingMessage, res: ServerResponse, err?: Error) =>
        res.statusCode === 503
          ? 'warn'
          : err || res.statusCode >= 500
            ? 'error'
            : res.statusCode >= 400
              ? 'warn'
              : 'info',
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
    out,
  );
  return [http, (req: Request, _res: Response, next: NextFunction) => storage.run(new Store(req.log), next)];
}

function appWith(middlewares: ((req: Request, res: Response, next: NextFunction) => void)[]) {
  const app = express();
  app.use(middlewares);
  const inside = () => storage.getStore()?.logger;
  app.get('/api/monitor/stats', (_req, res) => void res.json({ total_users: 1 }));
  app.get('/api/monitor/missing', (_req, res) => void res.status(404).json({ statusCode: 404 }));
  app.get('/api/monitor/boom', (_req, res) => void res.status(500).json({ statusCode: 500 }));
  app.get('/api/monitor/outage', (_req, res) => void res.status(503).json({ statusCode: 503 }));
  app.get('/api/monitor/health', (_req, res) => void res.json({ status: 'ok' }));
  app.get('/metrics', (_req, res) => void res.send('aura_reorgs_total 0\n'));
  app.get(['/', '/api-docs', '/metricsx', '/API/monitor/stats'], (_req, res) => void res.send('ok'));
  app.get('/api/monitor/inside', async (_req, res) => {
    inside()?.warn({ context: 'HTTP' }, 'logged inside the request');
    await new Promise((r) => setTimeout(r, 1));
    // What PinoLogger.assign() does.
    const store = storage.getStore() as Store;
    store.logger = store.logger.child({ user: 'u1' });
    inside()?.info('after assign');
    res.json({ ok: true });
  });
  app.get('/api/monitor/write-error', (_req, res) => {
    res.emit('error', new Error('write failed'));
    res.json({ ok: true });
  });
  return app;
}

const PATHS = [
  '/api/monitor/stats',
  '/api/monitor/stats?limit=5',
  '/api/monitor/missing',
  '/api/monitor/boom',
  '/api/monitor/outage',
  '/api/monitor/health',
  '/metrics',
  '/api/monitor/inside',
  '/api/monitor/write-error',
];

/** Everything but the clock and the stack (whose frames name the middleware). */
function comparable(line: Record<string, unknown>): Record<string, unknown> {
  const { time, responseTime, err, ...rest } = line;
  const e = err as { type?: string; message?: string; stack?: string } | undefined;
  return {
    ...rest,
    time: typeof time,
    responseTime: typeof responseTime,
    ...(e ? { err: { type: e.type, message: e.message, stack: typeof e.stack } } : {}),
  };
}

async function logsOf(app: express.Express, out: Lines, id: (i: number) => string | undefined) {
  const ids: string[] = [];
  for (const [i, path] of PATHS.entries()) {
    const given = id(i);
    const res = await (given ? request(app).get(path).set('x-request-id', given) : request(app).get(path));
    ids.push(res.headers['x-request-id'] as string);
  }
  await new Promise((r) => setTimeout(r, 20));
  return { lines: out.lines.map(comparable), ids };
}

describe('logRequests', () => {
  it.each(['info', 'warn', 'error'])(
    'writes the lines nestjs-pino with pino-http wrote, at level %s, with the request ids',
    async (level) => {
      const before = new Lines();
      const after = new Lines();
      const given = (i: number) => `req-${level}-${i}`;
      const old = await logsOf(appWith(pinoHttpLogging(level, before)), before, given);
      const now = await logsOf(
        appWith([logRequests(pino(pinoOptions({ logLevel: level as 'info' }), after))]),
        after,
        given,
      );
      expect(now.ids).toEqual(PATHS.map((_p, i) => given(i)));
      expect(now.lines).toEqual(old.lines);
      if (level === 'info') {
        expect(now.lines.map((l) => l['msg'])).toEqual([
          'request completed',
          'request completed',
          'request completed',
          'request errored',
          'request errored',
          'logged inside the request',
          'after assign',
          'request completed',
          'request errored',
        ]);
        // A 503 is an error line at warn level; a 500 at error level.
        expect(now.lines.slice(3, 5).map((l) => l['level'])).toEqual([50, 40]);
        expect(now.lines[6]).toMatchObject({ user: 'u1', req: { id: given(7), url: '/api/monitor/inside' } });
      }
    },
  );

  it('gives each request a new id unless the caller sent a valid one', async () => {
    const out = new Lines();
    const app = appWith([logRequests(pino(pinoOptions({ logLevel: 'info' }), out))]);
    const fresh = await request(app).get('/api/monitor/stats');
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const invalid = await request(app).get('/api/monitor/stats').set('x-request-id', 'bad id with spaces');
    expect(invalid.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    await new Promise((r) => setTimeout(r, 20));
    expect(out.lines.map((l) => (l['req'] as { id: string }).id)).toEqual([
      fresh.headers['x-request-id'],
      invalid.headers['x-request-id'],
    ]);
  });

  it('runs where the Nest middleware ran, under /api and /metrics only', async () => {
    const out = new Lines();
    const app = appWith([logRequests(pino(pinoOptions({ logLevel: 'info' }), out))]);
    const id = async (path: string) => (await request(app).get(path)).headers['x-request-id'] as string | undefined;
    for (const path of ['/', '/api-docs', '/metricsx'])
      expect({ path, id: await id(path) }).toEqual({ path, id: undefined });
    for (const path of ['/api/monitor/stats', '/API/monitor/stats', '/metrics', '/api/monitor/health'])
      expect({ path, id: await id(path) }).toEqual({ path, id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    await new Promise((r) => setTimeout(r, 20));
    // Probes and scrapes get an id, not a line.
    expect(out.lines.map((l) => (l['req'] as { url: string }).url)).toEqual([
      '/api/monitor/stats',
      '/API/monitor/stats',
    ]);
  });
});
