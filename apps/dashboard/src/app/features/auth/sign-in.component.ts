import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';

import { AuthSession } from '../../core/auth/auth-session';
import { OidcSignIn } from '../../core/auth/oidc-sign-in.service';

/**
 * The sign-in screen. It asks the API how people sign in (GET /auth/config): with AUTH_MODE=oidc, a
 * company account at the identity provider; in every mode, an API key (machines, administrators). The key
 * goes to sessionStorage only, never into the URL.
 */
@Component({
  selector: 'aura-sign-in',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <main class="sign-in">
      <h1>Aura Monitor</h1>
      <form class="panel" (submit)="submit($event, key.value)" data-testid="sign-in">
        <h2>Sign in</h2>
        @if (session.message(); as message) {
          <p class="notice" role="alert" data-testid="sign-in-message">{{ message }}</p>
        }
        @if (oidc.config()?.mode === 'oidc') {
          <button
            type="button"
            class="primary"
            (click)="oidc.begin()"
            [disabled]="oidc.leaving() || session.state() === 'checking'"
            data-testid="oidc-sign-in"
          >
            Sign in with your company account
          </button>
          @if (oidc.error(); as error) {
            <p class="error" role="alert" data-testid="oidc-error">{{ error }}</p>
          }
          <p class="muted small or">or, for machines and administrators, with an API key:</p>
        }
        <label for="api-key">API key</label>
        <input
          id="api-key"
          #key
          type="password"
          autocomplete="off"
          spellcheck="false"
          placeholder="aura_…"
          required
          aria-describedby="api-key-help"
          data-testid="api-key"
        />
        <p id="api-key-help" class="muted">
          Ask an administrator for a key. It is kept in this browser tab only, until you sign out or close the tab.
        </p>
        @if (empty()) {
          <p class="error" role="alert">Paste a key first.</p>
        }
        <button type="submit" class="primary" [disabled]="session.state() === 'checking'" data-testid="sign-in-submit">
          Sign in
        </button>
      </form>
    </main>
  `,
  styles: `
    .sign-in {
      max-width: 32rem;
      margin: 4rem auto;
      padding: 0 1rem;
    }
    h1 {
      font-size: 1.5rem;
    }
    form {
      display: grid;
      gap: 0.5rem;
    }
    h2 {
      margin: 0;
      font-size: 1.2rem;
    }
    input {
      font-family: ui-monospace, monospace;
    }
    .small {
      font-size: 0.85rem;
    }
    .or {
      margin-top: 0.75rem;
    }
  `,
})
export class SignInComponent {
  protected readonly session = inject(AuthSession);
  protected readonly oidc = inject(OidcSignIn);
  protected readonly empty = signal(false);

  constructor() {
    this.oidc.loadConfig();
  }

  protected submit(event: Event, key: string): void {
    event.preventDefault();
    this.empty.set(!key.trim());
    if (key.trim()) this.session.signIn(key);
  }
}
