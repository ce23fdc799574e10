import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import type { Channel } from '@aura/events';

import { RUNTIME_CONFIG } from '../../core/runtime-config';
import { AlertChannelFormComponent } from './alert-channel-form.component';

const CHANNELS = 'http://api.test/api/monitor/alerts/channels';

describe('AlertChannelFormComponent', () => {
  let http: HttpTestingController;

  function render(channel: Channel | null = null) {
    TestBed.configureTestingModule({
      imports: [AlertChannelFormComponent],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: RUNTIME_CONFIG, useValue: { backendUrl: 'http://api.test', explorerUrl: '' } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(AlertChannelFormComponent);
    fixture.componentRef.setInput('channel', channel);
    const saved: Channel[] = [];
    fixture.componentInstance.saved.subscribe((c) => saved.push(c));
    fixture.detectChanges();
    const el = fixture.nativeElement as HTMLElement;
    const $ = <T extends Element = HTMLElement>(id: string) => el.querySelector(`[data-testid="${id}"]`) as T;
    const set = (id: string, value: string) => {
      const control = $<HTMLInputElement>(id);
      control.value = value;
      control.dispatchEvent(new Event(control.tagName === 'SELECT' ? 'change' : 'input'));
      fixture.detectChanges();
    };
    return { fixture, el, $, set, saved };
  }

  afterEach(() => http.verify());

  it('labels every field and creates a dashboard channel (no settings)', () => {
    const { el, $, set, saved } = render();
    set('channel-name', 'wall');
    set('channel-type', 'dashboard');
    for (const control of Array.from(el.querySelectorAll('input, select, textarea'))) {
      expect((control as HTMLInputElement).labels?.length, control.outerHTML).toBeGreaterThan(0);
    }
    $('channel-save').click();
    const req = http.expectOne({ method: 'POST', url: CHANNELS });
    expect(req.request.body).toEqual({ name: 'wall', settings: { type: 'dashboard' } });
    req.flush({ id: 'ch_0123456789', name: 'wall', type: 'dashboard', settings: { type: 'dashboard' } });
    expect(saved).toHaveLength(1);
  });

  it('takes e-mail recipients as a list', () => {
    const { $, set } = render();
    set('channel-name', 'mail');
    set('channel-type', 'email');
    set('channel-to', 'ops@example.test\noncall@example.test');
    $('channel-save').click();
    expect(http.expectOne({ method: 'POST', url: CHANNELS }).request.body.settings).toEqual({
      type: 'email',
      to: ['ops@example.test', 'oncall@example.test'],
    });
  });

  it("puts the API's refusal (400) beside its setting", () => {
    const { fixture, el, $, set } = render();
    set('channel-name', 'slack');
    set('channel-type', 'slack');
    set('channel-webhookUrl', 'https://hooks.slack.test/services/x');
    $('channel-save').click();
    http
      .expectOne({ method: 'POST', url: CHANNELS })
      .flush(
        { message: 'channel.settings.webhookUrl must be an http(s) URL' },
        { status: 400, statusText: 'Bad Request' },
      );
    fixture.detectChanges();
    expect(el.querySelector('#channel-err-settings-webhookUrl')?.textContent).toContain('must be an http(s) URL');
    expect($('channel-webhookUrl').getAttribute('aria-invalid')).toBe('true');
  });
});
