import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import { RUNTIME_CONFIG } from '../../core/runtime-config';
import { KeysPanelComponent } from './keys-panel.component';

const KEYS = 'http://api.test/api/monitor/admin/keys';
const record = {
  id: 'f'.repeat(64),
  name: 'grafana',
  role: 'viewer',
  hint: 'aura_Xk3q…',
  createdAt: '2026-01-01T00:00:00Z',
  createdBy: 'ADMIN_API_KEY',
  expiresAt: null,
  lastUsedAt: '2026-01-02T00:00:00Z',
  lastUsedIp: '10.0.0.7',
};

describe('KeysPanelComponent', () => {
  let http: HttpTestingController;

  function render() {
    TestBed.configureTestingModule({
      imports: [KeysPanelComponent],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: RUNTIME_CONFIG, useValue: { backendUrl: 'http://api.test', explorerUrl: '' } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(KeysPanelComponent);
    fixture.detectChanges();
    const el = fixture.nativeElement as HTMLElement;
    const $ = <T extends Element>(id: string) => el.querySelector(`[data-testid="${id}"]`) as T;
    return { fixture, el, $ };
  }

  afterEach(() => http.verify());

  it('lists the keys with their last use', () => {
    const { fixture, el } = render();
    http.expectOne(KEYS).flush({ keys: [record] });
    fixture.detectChanges();
    const row = el.querySelector('tr[data-key="grafana"]')?.textContent ?? '';
    expect(row).toContain('viewer');
    expect(row).toContain('aura_Xk3q…');
    expect(row).toContain('10.0.0.7');
    expect(row).toContain('ADMIN_API_KEY');
  });

  it('creates a key and shows its secret once, with a warning and a copy button', async () => {
    const { fixture, $ } = render();
    http.expectOne(KEYS).flush({ keys: [] });
    fixture.detectChanges();
    expect($('keys-empty').textContent).toContain('No API keys yet');

    $<HTMLInputElement>('key-name').value = 'wall screen';
    $<HTMLSelectElement>('key-role').value = 'operator';
    $<HTMLInputElement>('key-expires').value = '2027-01-31';
    $<HTMLButtonElement>('key-create').click();
    const create = http.expectOne({ method: 'POST', url: KEYS });
    expect(create.request.body).toMatchObject({ name: 'wall screen', role: 'operator' });
    expect(new Date(create.request.body.expiresAt).getDate()).toBe(31);
    create.flush(
      { key: 'aura_secret', record: { ...record, name: 'wall screen', role: 'operator' } },
      { status: 201, statusText: 'Created' },
    );
    http.expectOne(KEYS).flush({ keys: [{ ...record, name: 'wall screen' }] });
    fixture.detectChanges();
    expect($('new-key').textContent).toContain('shown this once');
    expect($('new-key-value').textContent).toBe('aura_secret');

    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    $<HTMLButtonElement>('new-key-copy').click();
    await Promise.resolve();
    fixture.detectChanges();
    expect(writeText).toHaveBeenCalledWith('aura_secret');
    expect($('new-key-copy').textContent?.trim()).toBe('Copied');

    $<HTMLButtonElement>('new-key-done').click();
    fixture.detectChanges();
    expect($('new-key')).toBeNull();
  });

  it('asks before revoking, then revokes', () => {
    const { fixture, el, $ } = render();
    http.expectOne(KEYS).flush({ keys: [record] });
    fixture.detectChanges();
    $<HTMLButtonElement>('key-revoke').click();
    fixture.detectChanges();
    http.expectNone({ method: 'DELETE' });
    $<HTMLButtonElement>('key-revoke-confirm').click();
    http
      .expectOne({ method: 'DELETE', url: `${KEYS}/${record.id}` })
      .flush(null, { status: 204, statusText: 'No Content' });
    http.expectOne(KEYS).flush({ keys: [] });
    fixture.detectChanges();
    expect(el.querySelector('tr[data-key="grafana"]')).toBeNull();
  });

  it("shows the API's refusal", () => {
    const { fixture, $ } = render();
    http.expectOne(KEYS).flush({ message: 'admin role required' }, { status: 403, statusText: 'Forbidden' });
    fixture.detectChanges();
    expect($('keys-error').textContent).toContain('admin role required');
  });
});
