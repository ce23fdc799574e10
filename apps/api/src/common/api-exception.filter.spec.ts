import type { ArgumentsHost } from '@nestjs/common';
import { BadRequestException, Logger, NotFoundException } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';

import { ApiExceptionFilter } from './api-exception.filter';
import { isDatabaseUnavailable } from './database-errors';

function hostFor(url: string) {
  const sent: { status?: number; body?: Record<string, unknown>; headers: Record<string, string> } = { headers: {} };
  const res = {
    headersSent: false,
    getHeader: () => undefined,
    setHeader: (k: string, v: string) => (sent.headers[k] = v),
    status(code: number) {
      sent.status = code;
      return this;
    },
    json(body: Record<string, unknown>) {
      sent.body = body;
    },
  };
  const req = { id: 'req-1', method: 'GET', url, originalUrl: url };
  const host = {
    getType: () => 'http',
    switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }),
  } as unknown as ArgumentsHost;
  return { host, sent };
}

describe('ApiExceptionFilter', () => {
  const filter = new ApiExceptionFilter();
  // The 500 case logs its stack on purpose; keep the test output clean.
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(['log', 'error', 'warn']));

  it('keeps a validation message and adds the request id', () => {
    const { host, sent } = hostFor('/api/monitor/activity?limit=0');
    filter.catch(
      new BadRequestException(['limit must be a whole number from 1 to 500', 'type must be one of x']),
      host,
    );
    expect(sent.status).toBe(400);
    expect(sent.body).toMatchObject({
      statusCode: 400,
      error: 'Bad Request',
      message: 'limit must be a whole number from 1 to 500; type must be one of x',
      requestId: 'req-1',
      path: '/api/monitor/activity?limit=0',
    });
  });

  it('points an unknown route to the docs, and explains a 429', () => {
    const a = hostFor('/nope');
    filter.catch(new NotFoundException('Cannot GET /nope'), a.host);
    expect(a.sent.body?.['message']).toBe('Cannot GET /nope: no such route; the API is described at /api/docs');
    const b = hostFor('/api/monitor/stats');
    filter.catch(new ThrottlerException(), b.host);
    expect(b.sent.status).toBe(429);
    expect(b.sent.body?.['message']).toContain('Retry-After');
  });

  it('answers a database outage with 503 and Retry-After, and a bug with a plain 500 without its stack', () => {
    const outage = Object.assign(new Error('connect ECONNREFUSED'), { name: 'MongoServerSelectionError' });
    expect(isDatabaseUnavailable(outage)).toBe(true);
    expect(
      isDatabaseUnavailable(
        Object.assign(new Error('Operation `blocks.findOne()` buffering timed out after 10000ms'), {
          name: 'MongooseError',
        }),
      ),
    ).toBe(true);
    expect(isDatabaseUnavailable(new TypeError('MongoServerSelectionError'))).toBe(false);
    const a = hostFor('/api/monitor/activity');
    filter.catch(outage, a.host);
    expect(a.sent.status).toBe(503);
    expect(a.sent.headers['Retry-After']).toBe('5');

    const b = hostFor('/api/monitor/stats');
    filter.catch(new TypeError('x is undefined'), b.host);
    expect(b.sent.status).toBe(500);
    expect(JSON.stringify(b.sent.body)).not.toContain('x is undefined');
    expect(b.sent.body?.['message']).toBe('internal error: quote request id req-1 when reporting it');
  });
});
