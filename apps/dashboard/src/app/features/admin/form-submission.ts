import { afterNextRender, ElementRef, inject, Injector, signal } from '@angular/core';
import type { Observable } from 'rxjs';

import { apiErrorMessage } from './api-error';
import { badRequestMessages, type CheckedDraft, type FieldErrors } from './field-errors';

/**
 * How a create-or-edit form sends its draft (call in a field initialiser): `check` first, with the API's own schema
 * so the messages are the API's; then `send`, busy while the API answers, and `saved` with what it stored. A 400
 * answer's reasons land beside their fields (`refusal` maps them), any other failure above the buttons. After a
 * first attempt the messages follow each change (`changed`). The focus moves to the first field to fix.
 */
export function formSubmission<B, S>(options: {
  check: () => CheckedDraft<B>;
  send: (body: B) => Observable<S>;
  refusal: (messages: string[]) => FieldErrors;
  saved: (stored: S) => void;
}) {
  const host = inject<ElementRef<HTMLElement>>(ElementRef);
  const injector = inject(Injector);
  const errors = signal<FieldErrors>({});
  const busy = signal(false);
  let attempted = false;

  function show(found: FieldErrors): void {
    errors.set(found);
    // Keyboard and screen-reader users land on the first field to fix.
    afterNextRender(
      () => host.nativeElement.querySelector<HTMLElement>('[aria-invalid="true"], .form-error')?.focus(),
      {
        injector,
      },
    );
  }

  return {
    errors: errors.asReadonly(),
    busy: busy.asReadonly(),
    changed(): void {
      if (!attempted) return;
      const result = options.check();
      errors.set(result.ok ? {} : result.errors);
    },
    submit(): void {
      attempted = true;
      const result = options.check();
      if (!result.ok) return show(result.errors);
      errors.set({});
      busy.set(true);
      options.send(result.body).subscribe({
        next: (stored) => {
          busy.set(false);
          options.saved(stored);
        },
        error: (err: unknown) => {
          busy.set(false);
          const messages = badRequestMessages(err);
          show(messages ? options.refusal(messages) : { '': apiErrorMessage(err) });
        },
      });
    },
  };
}
