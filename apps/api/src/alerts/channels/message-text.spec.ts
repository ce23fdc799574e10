import { sampleAlertMessage as sampleAlert } from '../../../test/support/alert-receivers';
import {
  countFacts,
  escapeDiscordMarkdown,
  escapeHtml,
  escapeSlackMrkdwn,
  eventFacts,
  fitEscaped,
  formatDuration,
  oneLine,
  severityColor,
  severityLine,
  stateFacts,
  truncate,
} from './message-text';

describe('escaping', () => {
  it('escapes HTML for Telegram and e-mail', () => {
    expect(escapeHtml('<b>"A" & B</b>')).toBe('&lt;b&gt;&quot;A&quot; &amp; B&lt;/b&gt;');
  });

  it('escapes Slack mrkdwn so mentions and disguised links stay text', () => {
    expect(escapeSlackMrkdwn('<!channel> & <https://x|y>')).toBe('&lt;!channel&gt; &amp; &lt;https://x|y&gt;');
  });

  it('escapes Discord markdown characters with a backslash', () => {
    expect(escapeDiscordMarkdown('**bold** [link](u) @everyone `x`')).toBe(
      '\\*\\*bold\\*\\* \\[link\\]\\(u\\) \\@everyone \\`x\\`',
    );
  });

  it('folds a multi-line value onto one line', () => {
    expect(oneLine(' a\r\nb\tc\u2028d ')).toBe('a b c d');
  });
});

describe('truncate / fitEscaped', () => {
  it('leaves short text alone and ends cut text with an ellipsis within the limit', () => {
    expect(truncate('short', 10)).toBe('short');
    expect(truncate('abcdefghij', 5)).toBe('abcd…');
    expect(truncate('abcdefghij', 5)).toHaveLength(5);
  });

  it('never splits a surrogate pair', () => {
    const out = truncate('ab😀cd', 4);
    expect(out).toBe('ab…');
    expect(out.length).toBeLessThanOrEqual(4);
  });

  it('cuts after escaping without leaving half an entity', () => {
    const out = fitEscaped('a&&&&&&&&&', 12, escapeHtml);
    expect(out.length).toBeLessThanOrEqual(12);
    expect(out).toBe('a&amp;&amp;…');
    expect(fitEscaped('a&b', 100, escapeHtml)).toBe('a&amp;b');
  });
});

describe('facts', () => {
  it('lists block, tx and address of a chain event first', () => {
    const facts = eventFacts(sampleAlert());
    expect(facts.slice(0, 3).map((f) => f.label)).toEqual(['Block', 'Tx', 'Address']);
    expect(facts[0]?.value).toBe('42');
  });

  it('describes a resolved state with its duration', () => {
    const m = sampleAlert({
      kind: 'resolved',
      event: undefined,
      state: { since: '2025-01-01T11:00:00Z', resolvedAt: '2025-01-01T12:01:05Z', durationSeconds: 3665 },
    });
    expect(eventFacts(m)).toEqual([]);
    expect(stateFacts(m).find((f) => f.label === 'Duration')?.value).toBe('1h 1m 5s');
    expect(severityLine(m)).toBe('critical · resolved');
    expect(severityColor(m)).toBe(0x12b76a);
  });

  it('mentions suppressed messages and threshold matches only when there are some', () => {
    expect(countFacts(sampleAlert())).toEqual([]);
    expect(countFacts(sampleAlert({ suppressed: 3, matches: 5 })).map((f) => f.label)).toEqual([
      'Matches',
      'Suppressed',
    ]);
  });

  it('formats durations', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(59)).toBe('59s');
    expect(formatDuration(3600)).toBe('1h');
    expect(formatDuration(90_061)).toBe('1d 1h 1m 1s');
  });
});
