import { HttpErrorResponse, type HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { tap } from 'rxjs';

import { AuthSession } from './auth-session';

/**
 * Adds `Authorization: Bearer <key>` to the API's requests (no other host ever sees the key), and ends the
 * session when the API refuses the key later (401).
 */
export const authInterceptor: HttpInterceptorFn = (req, next) => {
  const session = inject(AuthSession);
  const key = session.apiKey();
  if (!key || !session.isApiRequest(req.url)) return next(req);
  const sent = req.clone({ setHeaders: { Authorization: `Bearer ${key}` } });
  return next(sent).pipe(
    tap({
      error: (err: unknown) => {
        // /auth/me answers the sign-in itself; any other 401 means the key stopped working.
        if (err instanceof HttpErrorResponse && err.status === 401 && !req.url.endsWith('/api/monitor/auth/me')) {
          session.refused();
        }
      },
    }),
  );
};
