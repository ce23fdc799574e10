import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';

import { AuthSession } from '../../core/auth/auth-session';
import { OidcSignIn, type SignInConfig } from '../../core/auth/oidc-sign-in.service';
import { SignInComponent } from './sign-in.component';

describe('SignInComponent', () => {
  const signIn = vi.fn();
  const session = { message: signal<string | null>(null), state: signal('signed-out'), signIn };
  const begin = vi.fn();
  const oidc = {
    config: signal<SignInConfig | null>(null),
    error: signal<string | null>(null),
    leaving: signal(false),
    loadConfig: vi.fn(),
    begin,
  };

  function render() {
    TestBed.configureTestingModule({
      imports: [SignInComponent],
      providers: [
        { provide: AuthSession, useValue: session },
        { provide: OidcSignIn, useValue: oidc },
      ],
    });
    const fixture = TestBed.createComponent(SignInComponent);
    fixture.detectChanges();
    return { fixture, el: fixture.nativeElement as HTMLElement };
  }

  beforeEach(() => {
    signIn.mockReset();
    begin.mockReset();
    oidc.config.set(null);
    oidc.error.set(null);
  });

  it('signs in with the pasted key, and asks for one when the field is empty', () => {
    const { fixture, el } = render();
    const form = el.querySelector('form') as HTMLFormElement;
    form.dispatchEvent(new Event('submit'));
    fixture.detectChanges();
    expect(signIn).not.toHaveBeenCalled();
    expect(el.textContent).toContain('Paste a key first.');

    (el.querySelector('[data-testid="api-key"]') as HTMLInputElement).value = 'aura_abc';
    form.dispatchEvent(new Event('submit'));
    expect(signIn).toHaveBeenCalledWith('aura_abc');
  });

  it('says why the session ended, and offers no company sign-in in AUTH_MODE=keys', () => {
    session.message.set('Your key was revoked: the live feed stopped. Sign in with another key.');
    oidc.config.set({ mode: 'keys', oidc: null });
    const { el } = render();
    expect(oidc.loadConfig).toHaveBeenCalled();
    expect(el.querySelector('[role="alert"]')?.textContent).toContain('Your key was revoked');
    expect(el.querySelector('[data-testid="oidc-sign-in"]')).toBeNull();
    expect((el.querySelector('[data-testid="api-key"]') as HTMLInputElement).type).toBe('password');
    session.message.set(null);
  });

  it('offers the company account in AUTH_MODE=oidc, next to the key field, and shows why it failed', () => {
    oidc.config.set({ mode: 'oidc', oidc: { issuer: 'https://idp.test', clientId: 'aura-dashboard', audience: 'a' } });
    const { fixture, el } = render();
    const button = el.querySelector('[data-testid="oidc-sign-in"]') as HTMLButtonElement;
    expect(button.textContent).toContain('Sign in with your company account');
    expect(el.querySelector('[data-testid="api-key"]')).not.toBeNull();
    button.click();
    expect(begin).toHaveBeenCalled();
    oidc.error.set('The identity provider https://idp.test could not be reached (HTTP 502). Try again later.');
    fixture.detectChanges();
    expect(el.querySelector('[data-testid="oidc-error"]')?.textContent).toContain('could not be reached');
  });
});
