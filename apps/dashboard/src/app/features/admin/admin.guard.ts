import { inject } from '@angular/core';
import { toObservable } from '@angular/core/rxjs-interop';
import { type CanActivateFn, Router } from '@angular/router';
import { filter, map, take } from 'rxjs';

import { AuthSession } from '../../core/auth/auth-session';

/**
 * Operators and admins (everyone in AUTH_MODE=off); a signed-in viewer is sent to the live page. It waits for
 * /auth/me, so that a cold /admin link works; while signed out the sign-in screen stands in front anyway.
 */
export const adminGuard: CanActivateFn = () => {
  const session = inject(AuthSession);
  const router = inject(Router);
  return toObservable(session.state).pipe(
    filter((state) => state !== 'checking'),
    take(1),
    map((state) => state === 'signed-out' || session.canOpenAdmin() || router.createUrlTree(['/'])),
  );
};
