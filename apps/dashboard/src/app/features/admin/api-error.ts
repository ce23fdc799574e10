import { HttpErrorResponse } from '@angular/common/http';

/** The API's error message (its one error shape), or what went wrong on the way. */
export function apiErrorMessage(err: unknown): string {
  if (err instanceof HttpErrorResponse) {
    const message = (err.error as { message?: unknown } | null)?.message;
    if (typeof message === 'string') return message;
    if (Array.isArray(message)) return message.join('; ');
    return err.status === 0 ? 'The API could not be reached.' : `The API answered ${err.status}.`;
  }
  return String(err);
}
