import { signal } from '@angular/core';
import type { Observable } from 'rxjs';

import { apiErrorMessage } from './api-error';

/** A row of a list panel: its id marks the call in flight, its name starts the message of a failure. */
export interface Row {
  id: string;
  name: string;
}

/**
 * The calls a list panel's row buttons make (send test, delete, toggle): `busy` holds the id of the row whose
 * call is in flight, `error` the last failure as `<row name>: <the API's message>` (cleared by the next success).
 */
export function rowCalls() {
  const busy = signal<string | null>(null);
  const error = signal<string | null>(null);
  function run<T>(row: Row, call: Observable<T>, done: (value: T) => void, failed?: () => void): void {
    busy.set(row.id);
    call.subscribe({
      next: (value) => {
        busy.set(null);
        error.set(null);
        done(value);
      },
      error: (err: unknown) => {
        busy.set(null);
        error.set(`${row.name}: ${apiErrorMessage(err)}`);
        failed?.();
      },
    });
  }
  return { busy, error: error.asReadonly(), run };
}
