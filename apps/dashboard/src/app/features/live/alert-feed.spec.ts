import type { AlertMessage } from '@aura/events';

import { AlertFeed, MAX_TOASTS, RECENT_ALERTS } from './alert-feed';

const alert = (id: string, patch: Partial<AlertMessage> = {}): AlertMessage => ({
  id,
  kind: 'fired',
  ruleId: 'rule_1',
  ruleName: 'badge minted',
  severity: 'warning',
  condition: 'token_event',
  title: `Badge minted (${id})`,
  text: 'A badge was minted.',
  at: '2026-01-01T00:00:00Z',
  suppressed: 0,
  ...patch,
});

describe('AlertFeed', () => {
  it('keeps the last alerts newest first, each once', () => {
    const feed = new AlertFeed();
    for (let i = 0; i < RECENT_ALERTS + 5; i++) feed.push(alert(`al_${i}`));
    feed.push(alert(`al_${RECENT_ALERTS + 4}`));
    expect(feed.recent()).toHaveLength(RECENT_ALERTS);
    expect(feed.recent()[0]?.message.id).toBe(`al_${RECENT_ALERTS + 4}`);
    expect(feed.recent().at(-1)?.message.id).toBe('al_5');
  });

  it('marks the original of a retraction, also when the retraction came first', () => {
    const feed = new AlertFeed();
    feed.push(alert('al_1'));
    feed.push(alert('al_2', { kind: 'retracted', retracts: 'al_1' }));
    expect(feed.recent().map((a) => [a.message.id, a.message.kind, a.retracted])).toEqual([
      ['al_2', 'retracted', false],
      ['al_1', 'fired', true],
    ]);
    const late = new AlertFeed();
    late.push(alert('al_4', { kind: 'retracted', retracts: 'al_3' }));
    late.push(alert('al_3'));
    expect(late.recent()[0]?.retracted).toBe(true);
  });

  it(`shows at most ${MAX_TOASTS} toasts, newest first, and dismisses one`, () => {
    const feed = new AlertFeed();
    for (let i = 1; i <= 4; i++) feed.push(alert(`al_${i}`));
    expect(feed.toasts().map((t) => t.message.id)).toEqual(['al_4', 'al_3', 'al_2']);
    feed.dismiss(feed.toasts()[1]?.key ?? '');
    expect(feed.toasts().map((t) => t.message.id)).toEqual(['al_4', 'al_2']);
    expect(feed.recent()).toHaveLength(4);
  });
});
