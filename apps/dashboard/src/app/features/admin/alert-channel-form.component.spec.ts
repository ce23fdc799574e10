import type { HttpTestingController } from '@angular/common/http/testing';

import type { Channel } from '@aura/events';

import { API, byTestId, createWithApi } from '../../testing/api-testing';
import { AlertChannelFormComponent } from './alert-channel-form.component';

const CHANNELS = `${API}/api/monitor/alerts/channels`;

describe('AlertChannelFormComponent', () => {
  let http: HttpTestingController;

  function render(channel: Channel | null = null) {
    const created = createWithApi(AlertChannelFormComponent);
    const fixture = created.fixture;
    http = created.http;
    fixture.componentRef.setInput('channel', channel);
    const saved: Channel[] = [];
    fixture.componentInstance.saved.subscribe((c) => saved.push(c));
    fixture.detectChanges();
    const { el, $, type } = byTestId(fixture);
    return { fixture, el, $, set: type, saved };
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
