import { webhookChannel as webhook } from '../../testing/alert-fixtures';
import { channelDraftOf, channelRequest, checkChannel, EMPTY_CHANNEL } from './channel-draft';

describe('channel drafts', () => {
  it('builds each type’s settings', () => {
    const draft = { ...EMPTY_CHANNEL, name: 'mail', type: 'email' as const, to: 'a@x.test, b@x.test\nc@x.test' };
    expect(channelRequest(draft, false)).toEqual({
      name: 'mail',
      settings: { type: 'email', to: ['a@x.test', 'b@x.test', 'c@x.test'] },
    });
    expect(channelRequest({ ...EMPTY_CHANNEL, name: 'd', type: 'dashboard' }, false).settings).toEqual({
      type: 'dashboard',
    });
  });

  it('edits a stored channel without its secrets: left empty they are kept (left out of the body)', () => {
    const draft = channelDraftOf(webhook);
    expect(draft).toMatchObject({ name: 'ops hook', type: 'webhook', url: 'https://hooks.test/aura', secret: '' });
    const result = checkChannel(draft, true);
    expect(result).toEqual({
      ok: true,
      body: { name: 'ops hook', settings: { type: 'webhook', url: 'https://hooks.test/aura' } },
    });
    // Creating one, the secret must be given.
    const created = checkChannel(draft, false);
    expect(created.ok || created.errors).toEqual({
      'settings.secret': 'must be a secret of at least 16 characters (it signs each request)',
    });
  });

  it('rotates: a new secret with the previous one', () => {
    const draft = { ...channelDraftOf(webhook), secret: 'n'.repeat(16), previousSecret: 'o'.repeat(16) };
    expect(checkChannel(draft, true)).toMatchObject({
      ok: true,
      body: { settings: { secret: 'n'.repeat(16), previousSecret: 'o'.repeat(16) } },
    });
  });

  it("gives the schema's messages per field", () => {
    const result = checkChannel({ ...EMPTY_CHANNEL, type: 'telegram', botToken: 'short', chatId: 'not a chat' }, false);
    expect(result.ok || result.errors).toEqual({
      name: 'must be a string of 1 to 100 characters',
      'settings.botToken': 'must be a bot token',
      'settings.chatId': 'must be a chat id (digits, or @channelname)',
    });
  });
});
