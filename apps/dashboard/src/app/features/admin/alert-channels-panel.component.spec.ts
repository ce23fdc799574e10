import type { HttpTestingController } from '@angular/common/http/testing';

import type { Channel } from '@aura/events';

import { webhookChannel as webhook } from '../../testing/alert-fixtures';
import { API, byTestId, createWithApi } from '../../testing/api-testing';
import { AlertChannelsPanelComponent } from './alert-channels-panel.component';

const CHANNELS = `${API}/api/monitor/alerts/channels`;

describe('AlertChannelsPanelComponent', () => {
  let http: HttpTestingController;

  function render(channels: Channel[] = [webhook]) {
    const created = createWithApi(AlertChannelsPanelComponent);
    const fixture = created.fixture;
    http = created.http;
    fixture.detectChanges();
    http.expectOne(CHANNELS).flush({ channels });
    fixture.detectChanges();
    const { el, $, click, type } = byTestId(fixture);
    return { fixture, el, $, click, type, row: () => el.querySelector('tr[data-channel="ops hook"]') as HTMLElement };
  }

  afterEach(() => http.verify());

  it('lists the channels with their settings masked as the API gives them', () => {
    const { row } = render();
    expect(row().textContent).toContain('Webhook');
    expect(row().textContent).toContain('url: https://hooks.test/aura · secret: ••••cdef');
  });

  it('creates a webhook channel: secrets in password fields', () => {
    const { fixture, el, $, click, type } = render([]);
    click('channel-new');
    type('channel-name', 'receiver');
    type('channel-url', 'http://127.0.0.1:9999/hook');
    expect($<HTMLInputElement>('channel-secret').type).toBe('password');
    expect($<HTMLInputElement>('channel-previousSecret').type).toBe('password');
    type('channel-secret', 'short');
    click('channel-save');
    http.expectNone({ method: 'POST' });
    expect(el.querySelector('#channel-err-settings-secret')?.textContent).toContain('at least 16 characters');
    type('channel-secret', 's'.repeat(20));
    click('channel-save');
    const req = http.expectOne({ method: 'POST', url: CHANNELS });
    expect(req.request.body).toEqual({
      name: 'receiver',
      settings: { type: 'webhook', url: 'http://127.0.0.1:9999/hook', secret: 's'.repeat(20) },
    });
    req.flush({ ...webhook, name: 'receiver' }, { status: 201, statusText: 'Created' });
    http.expectOne(CHANNELS).flush({ channels: [{ ...webhook, name: 'receiver' }] });
    fixture.detectChanges();
    expect(el.querySelector('aura-alert-channel-form')).toBeNull();
  });

  it('creates a channel of each other type with its own fields', () => {
    const { $, click, type } = render([]);
    click('channel-new');
    type('channel-name', 'chat');
    type('channel-type', 'telegram');
    expect($('channel-url')).toBeNull();
    expect($<HTMLInputElement>('channel-botToken').type).toBe('password');
    type('channel-botToken', '123456:abcdefghij');
    type('channel-chatId', '-1001234');
    click('channel-save');
    expect(http.expectOne({ method: 'POST', url: CHANNELS }).request.body).toEqual({
      name: 'chat',
      settings: { type: 'telegram', botToken: '123456:abcdefghij', chatId: '-1001234' },
    });
  });

  it('edits a channel: a secret left empty is kept (left out), its mask shown', () => {
    const { el, $, click, type, row } = render();
    click('channel-edit', row());
    expect($<HTMLInputElement>('channel-url').value).toBe('https://hooks.test/aura');
    expect($<HTMLInputElement>('channel-secret').value).toBe('');
    expect(el.querySelector('#channel-hint-secret')?.textContent).toContain(
      'Stored as ••••cdef: leave empty to keep it',
    );
    type('channel-url', 'https://hooks.test/v2');
    click('channel-save');
    const req = http.expectOne({ method: 'PUT', url: `${CHANNELS}/ch_0123456789` });
    expect(req.request.body).toEqual({ name: 'ops hook', settings: { type: 'webhook', url: 'https://hooks.test/v2' } });
  });

  it('sends a test, and deletes after a confirmation', () => {
    const { fixture, $, click, row } = render();
    click('channel-test', row());
    http
      .expectOne({ method: 'POST', url: `${CHANNELS}/ch_0123456789/test` })
      .flush({ alertId: 'al_1', deliveries: [] });
    fixture.detectChanges();
    expect($('channel-test-result').textContent).toContain('Test to “ops hook” queued');
    click('channel-delete', row());
    http.expectNone({ method: 'DELETE' });
    click('channel-delete-confirm', row());
    http
      .expectOne({ method: 'DELETE', url: `${CHANNELS}/ch_0123456789` })
      .flush(null, { status: 204, statusText: 'No Content' });
    http.expectOne(CHANNELS).flush({ channels: [] });
  });

  it("shows the API's refusal of a delete", () => {
    const { fixture, $, click, row } = render();
    click('channel-delete', row());
    click('channel-delete-confirm', row());
    http
      .expectOne({ method: 'DELETE', url: `${CHANNELS}/ch_0123456789` })
      .flush({ message: 'channel is used by rule "badge minted"' }, { status: 409, statusText: 'Conflict' });
    fixture.detectChanges();
    expect($('channels-error').textContent).toContain('ops hook: channel is used by rule "badge minted"');
  });
});
