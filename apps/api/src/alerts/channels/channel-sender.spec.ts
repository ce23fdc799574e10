import type { AlertMessage } from '@aura/events';

import { sampleAlertMessage as sampleAlert } from '../../../test/support/alert-receivers';
import { DEFAULT_ALERT_CHANNEL_CONFIG } from './channel-config';
import { ChannelSender } from './channel-sender';

const channel = (settings: Parameters<ChannelSender['send']>[0]['settings']) => ({
  id: 'ch_test0001',
  name: 't',
  settings,
});

describe('ChannelSender (no network)', () => {
  it('hands a dashboard message to the publisher', async () => {
    const seen: AlertMessage[] = [];
    const sender = new ChannelSender(DEFAULT_ALERT_CHANNEL_CONFIG, (m) => {
      seen.push(m);
      return 2;
    });
    const m = sampleAlert();
    await expect(sender.send(channel({ type: 'dashboard' }), m, 'dl_1')).resolves.toEqual({ ok: true, status: null });
    expect(seen).toEqual([m]);
  });

  it('fails a dashboard message for good without a publisher, or when it throws', async () => {
    const none = new ChannelSender(DEFAULT_ALERT_CHANNEL_CONFIG);
    await expect(none.send(channel({ type: 'dashboard' }), sampleAlert(), 'dl_1')).resolves.toMatchObject({
      ok: false,
      retryable: false,
    });
    const throwing = new ChannelSender(DEFAULT_ALERT_CHANNEL_CONFIG, () => {
      throw new Error('boom');
    });
    await expect(throwing.send(channel({ type: 'dashboard' }), sampleAlert(), 'dl_1')).resolves.toMatchObject({
      ok: false,
      retryable: false,
      error: 'dashboard publish failed: boom',
    });
  });

  it('refuses e-mail for good when SMTP_URL is not set', async () => {
    const sender = new ChannelSender({ ...DEFAULT_ALERT_CHANNEL_CONFIG, smtpUrl: null });
    await expect(
      sender.send(channel({ type: 'email', to: ['ops@example.com'] }), sampleAlert(), 'dl_1'),
    ).resolves.toEqual({
      ok: false,
      retryable: false,
      retryAfterMs: null,
      error: 'SMTP_URL is not set',
    });
  });

  it('refuses an unknown channel type without throwing', async () => {
    const sender = new ChannelSender(DEFAULT_ALERT_CHANNEL_CONFIG);
    const settings = { type: 'carrier-pigeon' } as unknown as Parameters<ChannelSender['send']>[0]['settings'];
    await expect(sender.send(channel(settings), sampleAlert(), 'dl_1')).resolves.toMatchObject({
      ok: false,
      retryable: false,
    });
  });

  it('redacts the secret from an error about a URL it could not even parse', async () => {
    const sender = new ChannelSender({ ...DEFAULT_ALERT_CHANNEL_CONFIG, telegramApiUrl: 'not a url' });
    const out = await sender.send(
      channel({ type: 'telegram', botToken: '123456:SECRET-token-value', chatId: '1' }),
      sampleAlert(),
      'k',
    );
    expect(out.ok).toBe(false);
    expect(JSON.stringify(out)).not.toContain('SECRET-token-value');
  });
});
