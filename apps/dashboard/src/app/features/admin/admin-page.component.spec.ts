import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';

import { AuthSession } from '../../core/auth/auth-session';
import { AdminPageComponent } from './admin-page.component';
import { AlertsPanelComponent } from './alerts-panel.component';
import { AuditPanelComponent } from './audit-panel.component';
import { ClientsPanelComponent } from './clients-panel.component';
import { DatabasePanelComponent } from './database-panel.component';
import { FollowerPanelComponent } from './follower-panel.component';
import { KeysPanelComponent } from './keys-panel.component';

@Component({ selector: 'aura-alerts-panel', template: '' })
class AlertsStub {}
@Component({ selector: 'aura-follower-panel', template: '' })
class FollowerStub {}
@Component({ selector: 'aura-keys-panel', template: '' })
class KeysStub {}
@Component({ selector: 'aura-clients-panel', template: '' })
class ClientsStub {}
@Component({ selector: 'aura-database-panel', template: '' })
class DatabaseStub {}
@Component({ selector: 'aura-audit-panel', template: '' })
class AuditStub {}

describe('AdminPageComponent', () => {
  function render(role: 'viewer' | 'operator' | 'admin', mode: 'off' | 'keys' = 'keys') {
    const session = {
      access: signal({ mode, principal: { kind: 'key', name: 'ops', role }, oidc: null }),
      open: signal(mode === 'off'),
      canOpenAdmin: signal(mode === 'off' || role !== 'viewer'),
      isAdmin: signal(mode === 'off' || role === 'admin'),
      signOut: vi.fn(),
    };
    TestBed.configureTestingModule({
      imports: [AdminPageComponent],
      providers: [provideRouter([]), { provide: AuthSession, useValue: session }],
    }).overrideComponent(AdminPageComponent, {
      remove: {
        imports: [
          AlertsPanelComponent,
          AuditPanelComponent,
          ClientsPanelComponent,
          DatabasePanelComponent,
          FollowerPanelComponent,
          KeysPanelComponent,
        ],
      },
      add: { imports: [AlertsStub, AuditStub, ClientsStub, DatabaseStub, FollowerStub, KeysStub] },
    });
    const fixture = TestBed.createComponent(AdminPageComponent);
    fixture.detectChanges();
    const el = fixture.nativeElement as HTMLElement;
    return (id: string) => el.querySelector(`[data-testid="${id}"]`);
  }

  it('shows admins every panel', () => {
    const $ = render('admin');
    expect($('panel-follower')).not.toBeNull();
    expect($('panel-keys')).not.toBeNull();
    expect($('panel-audit')).not.toBeNull();
    expect($('panel-alerts')).not.toBeNull();
    expect($('admin-principal')?.textContent).toContain('ops · admin');
    expect($('sign-out')).not.toBeNull();
  });

  it('shows operators the read-only panels and the alerting', () => {
    const $ = render('operator');
    expect($('panel-follower')).not.toBeNull();
    expect($('panel-clients')).not.toBeNull();
    expect($('panel-database')).not.toBeNull();
    expect($('panel-alerts')).not.toBeNull();
    expect($('panel-keys')).toBeNull();
    expect($('panel-audit')).toBeNull();
  });

  it('is open to everyone without sign-out in AUTH_MODE=off', () => {
    const $ = render('viewer', 'off');
    expect($('panel-keys')).not.toBeNull();
    expect($('sign-out')).toBeNull();
  });
});
