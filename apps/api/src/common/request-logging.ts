import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import type { NextFunction, Request, Response } from 'express';
import { storage, type Store } from 'nestjs-pino/storage';
import { type Level, type Logger, pino } from 'pino';

import type { AppConfig } from '../config/app-config';

/** Probes and scrapes every few seconds would drown the log. */
const UNLOGGED = /^\/(metrics|api\/monitor\/health)/;

/** A caller's x-request-id is kept (so one id follows a request through proxies); otherwise a new one. */
export function requestIdOf(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
  res.setHeader('x-request-id', id);
  return id;
}

/** A 503 is an outage the health endpoint already reports, not a bug: warn, not error. */
export function requestLogLevel(res: { statusCode: number }, err?: Error): Level {
  if (res.statusCode === 503) return 'warn';
  if (err || res.statusCode >= 500) return 'error';
  return res.statusCode >= 400 ? 'warn' : 'info';
}

/** The pino options of every logger of the app (nestjs-pino's, for Nest's messages, and the requests'). */
export function pinoOptions(config: Pick<AppConfig, 'logLevel'>) {
  return {
    level: config.logLevel,
    serializers: {
      req: (req: { id?: string; method?: string; originalUrl?: string; url?: string }) => ({
        id: req.id,
        method: req.method,
        url: req.originalUrl ?? req.url,
      }),
      // null until the status line is sent (as pino-http's serializer said of an aborted request).
      res: (res: { statusCode: number; headersSent?: boolean }) => ({
        statusCode: res.headersSent === false ? null : res.statusCode,
      }),
    },
  };
}

/**
 * What nestjs-pino's middleware (pino-http, then its context binding) did per request, with the same log
 * lines, for less: the request id (x-request-id) on every request under /api and /metrics; one "request
 * completed" line (or "request errored" with the error, "request aborted") with `req`, `res` and
 * `responseTime` at the level of requestLogLevel(); and Nest's log calls made while the request runs carry
 * its `req` (nestjs-pino reads the logger from its AsyncLocalStorage store). pino-http made a child logger
 * per request (its bindings serialized up front, through serializers that copy the request's headers and
 * parse its query string) and set six properties on req and res; Nest registered its two middlewares as
 * routes for every HTTP method. Here the child logger is made only when something is logged inside the
 * request, the completion line is written by the root logger with `req` in it (the same JSON: bindings come
 * before the line's own fields), and the middleware is a plain one (see createApp), which checks the paths
 * itself. docs/benchmarks.md has the figures.
 */
export function requestLogging(config: Pick<AppConfig, 'logLevel'>) {
  return logRequests(pino(pinoOptions(config)));
}

/** The paths nestjs-pino's middleware was mounted on: '{*path}' under the prefix, and /metrics. */
const LOGGED_PATHS = /^\/(?:api(?:\/|$)|metrics\/?$)/i;

/** The middleware, logging through `root` (a pino logger made with pinoOptions()). */
export function logRequests(root: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!LOGGED_PATHS.test(req.path)) return next();
    const request = req as { id?: unknown };
    request.id = request.id || requestIdOf(req, res);
    if (!UNLOGGED.test(req.url)) {
      const started = Date.now();
      // As pino-http: the first of close, finish and error ends the request (an error is logged with it).
      const done = (err?: Error) => {
        res.removeListener('close', done);
        res.removeListener('finish', done);
        res.removeListener('error', done);
        const level = requestLogLevel(res, err);
        if (!root.isLevelEnabled(level)) return;
        const responseTime = Date.now() - started;
        // res.err: set by nestjs-pino's LoggerErrorInterceptor, when used.
        const resErr = (res as { err?: Error }).err;
        if (err || resErr || res.statusCode >= 500) {
          const error = err || resErr || new Error(`failed with status code ${res.statusCode}`);
          root[level]({ req, res, err: error, responseTime }, 'request errored');
        } else {
          const msg = !req.readableAborted && res.writableEnded ? 'request completed' : 'request aborted';
          root[level]({ req, res, responseTime }, msg);
        }
      };
      res.on('close', done);
      res.on('finish', done);
      res.on('error', done);
    }
    storage.run(new RequestStore(root, req), next);
  };
}

/** nestjs-pino's per-request store, whose logger (the root's child with `req`) is made on first use. */
class RequestStore implements Store {
  readonly responseLogger = undefined;
  private bound: Logger | undefined;

  constructor(
    private readonly root: Logger,
    private readonly req: Request,
  ) {}

  get logger(): Logger {
    return (this.bound ??= this.root.child({ req: this.req }));
  }

  /** PinoLogger.assign() replaces it with a child carrying more fields. */
  set logger(logger: Logger) {
    this.bound = logger;
  }
}
