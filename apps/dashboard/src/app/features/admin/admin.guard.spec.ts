import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { type ActivatedRouteSnapshot, provideRouter, type RouterStateSnapshot, UrlTree } from '@angular/router';
import { isObservable, type Observable } from 'rxjs';

import { AuthSession, type SessionState } from '../../core/auth/auth-session';
import { adminGuard } from './admin.guard';

describe('adminGuard', () => {
  function run(state: ReturnType<typeof signal<SessionState>>, canOpenAdmin: boolean) {
    TestBed.configureTestingModule({
      providers: [provideRouter([]), { provide: AuthSession, useValue: { state, canOpenAdmin: () => canOpenAdmin } }],
    });
    const result = TestBed.runInInjectionContext(() =>
      adminGuard({} as ActivatedRouteSnapshot, {} as RouterStateSnapshot),
    );
    expect(isObservable(result)).toBe(true);
    const seen: unknown[] = [];
    (result as Observable<unknown>).subscribe((v) => seen.push(v));
    return seen;
  }

  it('waits for /auth/me, then lets operators and admins in', () => {
    const state = signal<SessionState>('checking');
    const seen = run(state, true);
    TestBed.tick();
    expect(seen).toEqual([]);
    state.set('signed-in');
    TestBed.tick();
    expect(seen).toEqual([true]);
  });

  it('sends a signed-in viewer to the live page', () => {
    const seen = run(signal<SessionState>('signed-in'), false);
    TestBed.tick();
    expect(seen[0]).toBeInstanceOf(UrlTree);
    expect(String(seen[0])).toBe('/');
  });
});
