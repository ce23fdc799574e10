import { DOCUMENT } from '@angular/common';
import { DestroyRef, inject, Injector, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { catchError, EMPTY, merge, type Observable, Subject, switchMap } from 'rxjs';

import { apiErrorMessage } from './api-error';
import { whileVisible } from './refresh';

/**
 * Calls `read` now, every few seconds while the page is visible, and at once on the returned `refresh()` (a read in
 * flight is dropped): each answer goes to `next`, the API's message of each failure to `failed`. Stops when the
 * component is destroyed. Call in an injection context, or pass the component's injector (from `ngOnInit`, once
 * its inputs are set).
 */
export function poll<T>(
  read: () => Observable<T>,
  next: (value: T) => void,
  failed: (message: string) => void,
  injector: Injector = inject(Injector),
): () => void {
  const refresh$ = new Subject<void>();
  merge(whileVisible(injector.get(DOCUMENT)), refresh$)
    .pipe(
      switchMap(() => read().pipe(catchError((err: unknown) => (failed(apiErrorMessage(err)), EMPTY)))),
      takeUntilDestroyed(injector.get(DestroyRef)),
    )
    .subscribe(next);
  return () => refresh$.next();
}

/**
 * A panel's data, read now and every few seconds while the page is visible (call in a constructor or field
 * initialiser), and at once on `refresh()` (after a change, or when what `read` asks for changed: a read in
 * flight is dropped). `error` holds the API's message of the last failed read; the last good value stays shown.
 */
export function polled<T>(read: () => Observable<T>) {
  const value = signal<T | null>(null);
  const error = signal<string | null>(null);
  const refresh = poll(
    read,
    (v) => {
      error.set(null);
      value.set(v);
    },
    (message) => error.set(message),
  );
  return { value: value.asReadonly(), error: error.asReadonly(), refresh };
}
