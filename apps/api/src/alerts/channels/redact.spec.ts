import { channelSecrets, endpointLabel, REDACTED, redactSecrets } from './redact';

describe('channelSecrets / redactSecrets', () => {
  it('covers a Slack webhook URL whole, by its path and by its token segment', () => {
    const url = 'https://hooks.slack.com/services/T0000000/B0000000/XXXXXXXXXXXXXXXXXXXXXXXX';
    const secrets = channelSecrets({ type: 'slack', webhookUrl: url });
    for (const text of [url, '/services/T0000000/B0000000/XXXXXXXXXXXXXXXXXXXXXXXX', 'bad XXXXXXXXXXXXXXXXXXXXXXXX']) {
      expect(redactSecrets(text, secrets)).not.toContain('XXXXXXXXXXXXXXXXXXXXXXXX');
    }
  });

  it('covers both webhook secrets and the password of a webhook URL', () => {
    const secrets = channelSecrets({
      type: 'webhook',
      url: 'https://user:p%40ss-word-1@example.com/hook',
      secret: 'current-secret-0123456789',
      previousSecret: 'previous-secret-987654321',
    });
    const out = redactSecrets('current-secret-0123456789 previous-secret-987654321 p@ss-word-1 p%40ss-word-1', secrets);
    expect(out).toBe([REDACTED, REDACTED, REDACTED, REDACTED].join(' '));
  });

  it('replaces URL-encoded forms too', () => {
    const token = '123456:ABC/def+ghi';
    const out = redactSecrets(`path /bot${encodeURIComponent(token)}/x and ${token}`, [token]);
    expect(out).toBe(`path /bot${REDACTED}/x and ${REDACTED}`);
  });

  it('has nothing to hide for e-mail and dashboard settings', () => {
    expect(channelSecrets({ type: 'email', to: ['a@example.com'] })).toEqual([]);
    expect(channelSecrets({ type: 'dashboard' })).toEqual([]);
  });

  it('labels an endpoint by scheme and host only', () => {
    expect(endpointLabel('https://discord.com/api/webhooks/1/tok?wait=true')).toBe('https://discord.com');
  });
});
