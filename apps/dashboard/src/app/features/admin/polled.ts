import { DOCUMENT } from '@angular/common';
import { DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { catchError, merge, type Observable, of, Subject, switchMap } from 'rxjs';

import { apiErrorMessage } from './api-error';
import { whileVisible } from './refresh';

/**
 * A panel's data, read now and every few seconds while the page is visible (call in a constructor or field
 * initialiser), and at once on `refresh()` (after a change, or when what `read` asks for changed: a read in
 * flight is dropped). `error` holds the API's message of the last failed read; the last good value stays shown.
 */
export function polled<T>(read: () => Observable<T>) {
  const value = signal<T | null>(null);
  const error = signal<string | null>(null);
  const refresh$ = new Subject<void>();
  merge(whileVisible(inject(DOCUMENT)), refresh$)
    .pipe(
      switchMap(() => read().pipe(catchError((err: unknown) => (error.set(apiErrorMessage(err)), of(null))))),
      takeUntilDestroyed(inject(DestroyRef)),
    )
    .subscribe((v) => {
      if (v === null) return;
      error.set(null);
      value.set(v);
    });
  return { value: value.asReadonly(), error: error.asReadonly(), refresh: () => refresh$.next() };
}
