import { inject } from '@angular/core';
import { type CanActivateFn, Router } from '@angular/router';

import { OidcSignIn } from './oidc-sign-in.service';

/**
 * /auth/callback, where the identity provider sends the browser back: completes the sign-in and goes to the
 * live page, with the code and state gone from the address bar and the history.
 */
export const oidcCallbackGuard: CanActivateFn = async (route) => {
  const oidc = inject(OidcSignIn);
  const router = inject(Router);
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(route.queryParams)) search.set(name, String(value));
  await oidc.complete(search.toString());
  return router.createUrlTree(['/']);
};
