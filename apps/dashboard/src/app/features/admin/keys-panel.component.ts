import { DatePipe, DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, inject, type OnInit, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { catchError, of, Subject, switchMap } from 'rxjs';

import type { ApiKey, CreatedKey, Role } from '../../core/api/rest-types';
import { AdminApi } from './admin-api.service';
import { apiErrorMessage } from './api-error';
import { whileVisible } from './refresh';

const ROLES: readonly Role[] = ['viewer', 'operator', 'admin'];

/** API keys: the list with last use, creating one (its secret shown once) and revoking one after a confirmation. */
@Component({
  selector: 'aura-keys-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe],
  templateUrl: './keys-panel.component.html',
  styles: `
    form {
      display: flex;
      flex-wrap: wrap;
      align-items: end;
      gap: 0.75rem;
      margin-bottom: 1rem;
    }
    label {
      display: grid;
      gap: 0.2rem;
      font-size: 0.85rem;
    }
    .secret {
      display: grid;
      gap: 0.5rem;
      margin-bottom: 1rem;
    }
    .secret code {
      font-size: 1rem;
      word-break: break-all;
    }
    .actions {
      display: flex;
      gap: 0.5rem;
      flex-wrap: wrap;
    }
    .scroll {
      overflow-x: auto;
    }
  `,
})
export class KeysPanelComponent implements OnInit {
  private readonly api = inject(AdminApi);
  private readonly document = inject(DOCUMENT);
  private readonly destroyRef = inject(DestroyRef);
  private readonly reload$ = new Subject<void>();

  protected readonly roles = ROLES;
  protected readonly keys = signal<ApiKey[] | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly created = signal<CreatedKey | null>(null);
  protected readonly copied = signal(false);
  protected readonly confirming = signal<string | null>(null);
  protected readonly busy = signal(false);

  ngOnInit(): void {
    whileVisible(this.document)
      .pipe(
        switchMap(() =>
          this.api.keys().pipe(catchError((err: unknown) => (this.error.set(apiErrorMessage(err)), of(null)))),
        ),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe((list) => list && this.keys.set(list.keys));
    this.reload$
      .pipe(
        switchMap(() => this.api.keys().pipe(catchError(() => of(null)))),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe((list) => list && this.keys.set(list.keys));
  }

  protected create(event: Event, name: string, role: string, expires: string): void {
    event.preventDefault();
    if (!name.trim()) {
      this.error.set('Give the key a name (what or who it is for).');
      return;
    }
    const expiresAt = expires ? new Date(`${expires}T23:59:59`).toISOString() : undefined;
    this.busy.set(true);
    this.api.createKey({ name: name.trim(), role: role as Role, ...(expiresAt ? { expiresAt } : {}) }).subscribe({
      next: (created) => {
        this.busy.set(false);
        this.error.set(null);
        this.copied.set(false);
        this.created.set(created);
        (event.target as HTMLFormElement | null)?.reset?.();
        this.reload$.next();
      },
      error: (err: unknown) => {
        this.busy.set(false);
        this.error.set(apiErrorMessage(err));
      },
    });
  }

  protected copy(key: string): void {
    const byHand = () => this.error.set('The browser refused the clipboard: select the key and copy it by hand.');
    // No clipboard API outside a secure context (https or localhost).
    if (!navigator.clipboard) return byHand();
    navigator.clipboard.writeText(key).then(() => this.copied.set(true), byHand);
  }

  protected revoke(key: ApiKey): void {
    this.busy.set(true);
    this.api.revokeKey(key.id).subscribe({
      next: () => {
        this.busy.set(false);
        this.confirming.set(null);
        this.keys.update((keys) => keys?.filter((k) => k.id !== key.id) ?? null);
        this.reload$.next();
      },
      error: (err: unknown) => {
        this.busy.set(false);
        this.error.set(apiErrorMessage(err));
      },
    });
  }
}
