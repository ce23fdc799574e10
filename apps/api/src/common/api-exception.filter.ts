import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';

import type { ApiError } from '@aura/events';

import { isDatabaseUnavailable } from './database-errors';

/**
 * Every REST error in one JSON shape (ApiError), with a message a person can act on and the request id
 * to quote. Unexpected errors are logged with their stack here and reach the client as a plain 500.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return;
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request & { id?: string }>();
    const res = ctx.getResponse<Response>();
    const requestId = String(req.id ?? res.getHeader('x-request-id') ?? '');
    let status = HttpStatus.INTERNAL_SERVER_ERROR;
    let message = `internal error: quote request id ${requestId} when reporting it`;
    if (exception instanceof HttpException) {
      status = exception.getStatus();
      message = messageOf(exception, status);
    } else if (isDatabaseUnavailable(exception)) {
      // An outage, not a bug: say so, and when to come back (ingestion resumes by itself).
      status = HttpStatus.SERVICE_UNAVAILABLE;
      message =
        'the database is not reachable right now; retry in a few seconds (GET /api/monitor/health shows the state)';
      res.setHeader('Retry-After', '5');
      this.logger.warn(
        `${req.method} ${req.url}: database unavailable (request ${requestId}): ${(exception as Error).message}`,
      );
    } else {
      this.logger.error(
        `${req.method} ${req.url} failed (request ${requestId}): ${(exception as Error)?.stack ?? String(exception)}`,
      );
    }
    const body: ApiError = {
      statusCode: status,
      error:
        HttpStatus[status]
          ?.split('_')
          .map((w) => w[0] + w.slice(1).toLowerCase())
          .join(' ') ?? 'Error',
      message,
      path: req.originalUrl ?? req.url,
      requestId,
      timestamp: new Date().toISOString(),
    };
    if (!res.headersSent) res.status(status).json(body);
  }
}

function messageOf(exception: HttpException, status: number): string {
  if (status === HttpStatus.TOO_MANY_REQUESTS)
    return 'too many requests: wait for the seconds in the Retry-After header, then try again';
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const m = (response as { message?: unknown }).message;
  if (Array.isArray(m)) return m.join('; ');
  if (typeof m === 'string') {
    // Nest's "Cannot GET /x" says nothing about where to look.
    if (status === HttpStatus.NOT_FOUND && m.startsWith('Cannot '))
      return `${m}: no such route; the API is described at /api/docs`;
    return m;
  }
  return exception.message;
}
