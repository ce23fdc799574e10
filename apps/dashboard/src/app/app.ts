import { ChangeDetectionStrategy, Component, effect, inject } from '@angular/core';
import { RouterOutlet } from '@angular/router';

import { AuthSession } from './core/auth/auth-session';
import { CALLBACK_PATH } from './core/auth/oidc-flow';
import { MonitorSocket } from './core/monitor-socket.service';
import { SignInComponent } from './features/auth/sign-in.component';

/** The pages once /auth/me lets us in; the sign-in screen while it does not. */
@Component({
  selector: 'aura-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterOutlet, SignInComponent],
  template: `
    @switch (session.state()) {
      @case ('signed-in') {
        <router-outlet />
      }
      @case ('signed-out') {
        <aura-sign-in />
      }
      @default {
        <p class="checking muted" role="status" data-testid="checking-access">
          {{ session.message() ?? 'Checking access…' }}
        </p>
      }
    }
  `,
  styles: `
    .checking {
      margin: 4rem auto;
      text-align: center;
    }
  `,
})
export class App {
  protected readonly session = inject(AuthSession);

  constructor() {
    const socket = inject(MonitorSocket);
    // Back from the identity provider: /auth/callback's guard signs in with the code instead.
    if (globalThis.location?.pathname !== CALLBACK_PATH) this.session.start();
    // Signed out (or refused): close the socket; the live page opens it again after the next sign-in.
    effect(() => {
      if (this.session.state() === 'signed-out') socket.disconnect();
    });
  }
}
