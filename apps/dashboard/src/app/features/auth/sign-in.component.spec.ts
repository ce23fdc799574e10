import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';

import { AuthSession } from '../../core/auth/auth-session';
import { SignInComponent } from './sign-in.component';

describe('SignInComponent', () => {
  const signIn = vi.fn();
  const session = { message: signal<string | null>(null), state: signal('signed-out'), signIn };

  function render() {
    TestBed.configureTestingModule({
      imports: [SignInComponent],
      providers: [{ provide: AuthSession, useValue: session }],
    });
    const fixture = TestBed.createComponent(SignInComponent);
    fixture.detectChanges();
    return { fixture, el: fixture.nativeElement as HTMLElement };
  }

  beforeEach(() => signIn.mockReset());

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

  it('says why the session ended, and that company sign-in comes later', () => {
    session.message.set('Your key was revoked: the live feed stopped. Sign in with another key.');
    const { el } = render();
    expect(el.querySelector('[role="alert"]')?.textContent).toContain('Your key was revoked');
    expect(el.querySelector('[data-testid="oidc-note"]')?.textContent).toContain('company account');
    expect((el.querySelector('[data-testid="api-key"]') as HTMLInputElement).type).toBe('password');
  });
});
