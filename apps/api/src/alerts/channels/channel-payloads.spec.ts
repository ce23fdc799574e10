import { sampleAlertMessage as sampleAlert } from '../../../test/support/alert-receivers';
import {
  discordPayload,
  emailContent,
  pagerDutyEvent,
  slackPayload,
  telegramBody,
  telegramText,
  webhookBody,
} from './channel-payloads';

const HUGE = 'x&<'.repeat(10_000);

/** What Telegram counts: the text once its HTML is parsed. */
function visibleTelegram(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

describe('webhookBody', () => {
  it('carries the idempotency key beside the message, unchanged', () => {
    const m = sampleAlert();
    expect(JSON.parse(webhookBody(m, 'dl_1'))).toEqual({ idempotencyKey: 'dl_1', alert: m });
  });
});

describe('slackPayload', () => {
  it('lays out header, escaped text, event fields and a context line', () => {
    const p = slackPayload(sampleAlert());
    expect(p.blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'context']);
    const [header, section, fields, context] = p.blocks;
    expect(header).toEqual({ type: 'header', text: { type: 'plain_text', text: sampleAlert().title, emoji: true } });
    expect(section).toMatchObject({ text: { type: 'mrkdwn' } });
    const text = (section as { text: { text: string } }).text.text;
    expect(text).toContain('&lt;!channel&gt; &amp; friends');
    expect(text).not.toContain('<!channel>');
    const fieldTexts = (fields as { fields: { text: string }[] }).fields.map((f) => f.text);
    expect(fieldTexts[0]).toBe('*Block*\n42');
    expect(fieldTexts[1]).toBe(`*Tx*\n\`0x${'ab'.repeat(32)}\``);
    expect(fieldTexts[2]).toContain('*Address*');
    const ctx = (context as { elements: { text: string }[] }).elements[0]?.text;
    expect(ctx).toContain('*critical*');
    expect(ctx).toContain('Mints to the &lt;treasury&gt; &amp; co');
    expect(ctx).toContain('2025-01-01T12:00:00.000Z');
    expect(p.text).toBe('[CRITICAL] Badge minted to 0xabc… (rule *Mints*)');
  });

  it('keeps within Block Kit limits for huge text', () => {
    const p = slackPayload(sampleAlert({ title: HUGE, text: HUGE }));
    const header = p.blocks[0] as { text: { text: string } };
    const section = p.blocks[1] as { text: { text: string } };
    expect(header.text.text.length).toBeLessThanOrEqual(150);
    expect(section.text.text.length).toBeLessThanOrEqual(3000);
    expect(p.text.length).toBeLessThanOrEqual(3000);
  });

  it('has no fields section for a health alert without facts, and no empty text section', () => {
    const p = slackPayload(sampleAlert({ event: undefined, text: '' }));
    expect(p.blocks.map((b) => b.type)).toEqual(['header', 'context']);
  });
});

describe('discordPayload', () => {
  it('sends one embed coloured by severity, with fields and no mentions', () => {
    const p = discordPayload(sampleAlert());
    expect(p.allowed_mentions).toEqual({ parse: [] });
    expect(p.content).toBeUndefined();
    const embed = p.embeds[0];
    expect(embed?.title).toBe(sampleAlert().title);
    expect(embed?.color).toBe(0xd92d20);
    expect(embed?.timestamp).toBe('2025-01-01T12:00:00.000Z');
    expect(embed?.description).toContain('\\<!channel\\> & friends');
    expect(embed?.fields.map((f) => f.name)).toEqual([
      'Severity',
      'Rule',
      'Block',
      'Tx',
      'Address',
      'Contract',
      'Token',
    ]);
    expect(embed?.fields.find((f) => f.name === 'Tx')?.value).toBe(`\`0x${'ab'.repeat(32)}\``);
  });

  it('stays under the 6,000-character embed total and the description limit', () => {
    const embed = discordPayload(sampleAlert({ title: HUGE, text: HUGE, ruleName: HUGE })).embeds[0];
    if (!embed) throw new Error('no embed');
    const total =
      embed.title.length +
      (embed.description?.length ?? 0) +
      embed.footer.text.length +
      embed.fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
    expect(embed.title.length).toBeLessThanOrEqual(256);
    expect(embed.description?.length ?? 0).toBeLessThanOrEqual(4096);
    expect(embed.fields.every((f) => f.value.length <= 1024 && f.value.length > 0)).toBe(true);
    expect(total).toBeLessThanOrEqual(6000);
  });

  it('leaves out a timestamp Discord would refuse', () => {
    expect(discordPayload(sampleAlert({ at: 'not a date' })).embeds[0]?.timestamp).toBeUndefined();
  });
});

describe('telegram', () => {
  it('escapes HTML and marks up title, facts and footer', () => {
    const body = telegramBody(sampleAlert(), '-100123');
    expect(body).toMatchObject({ chat_id: '-100123', parse_mode: 'HTML', disable_web_page_preview: true });
    expect(body.text.startsWith('<b>Badge minted to 0xabc… (rule *Mints*)</b>\n\n')).toBe(true);
    expect(body.text).toContain('&lt;!channel&gt; &amp; friends');
    expect(body.text).toContain(`<b>Tx</b> <code>0x${'ab'.repeat(32)}</code>`);
    expect(body.text).toContain(
      '<i>critical · rule Mints to the &lt;treasury&gt; &amp; co · 2025-01-01T12:00:00.000Z</i>',
    );
  });

  it('keeps the parsed text within 4,096 characters', () => {
    const text = telegramText(sampleAlert({ title: HUGE, text: HUGE, ruleName: HUGE }));
    expect(visibleTelegram(text).length).toBeLessThanOrEqual(4096);
    expect(text).toMatch(/<\/i>$/);
  });
});

describe('pagerDutyEvent', () => {
  it('triggers with the alert id as dedup key', () => {
    const e = pagerDutyEvent(sampleAlert(), 'R0UTINGKEY');
    expect(e).toMatchObject({
      routing_key: 'R0UTINGKEY',
      event_action: 'trigger',
      dedup_key: 'al_0123456789abcdef',
      payload: {
        summary: sampleAlert().title,
        source: 'aura-monitor',
        severity: 'critical',
        timestamp: '2025-01-01T12:00:00.000Z',
      },
    });
    expect(e.payload.custom_details).toMatchObject({ alertId: 'al_0123456789abcdef', event: { blockNumber: 42 } });
  });

  it('resolves a resolution by the dedup key of the alert it ends', () => {
    const e = pagerDutyEvent(sampleAlert({ id: 'al_new', kind: 'resolved', dedupKey: 'al_first' }), 'R0UTINGKEY');
    expect(e).toMatchObject({ event_action: 'resolve', dedup_key: 'al_first' });
  });

  it('resolves a retraction, falling back to the retracted alert', () => {
    const e = pagerDutyEvent(sampleAlert({ id: 'al_r', kind: 'retracted', retracts: 'al_gone' }), 'R0UTINGKEY');
    expect(e).toMatchObject({ event_action: 'resolve', dedup_key: 'al_gone' });
  });

  it('cuts the summary to 1,024 characters', () => {
    expect(pagerDutyEvent(sampleAlert({ title: HUGE }), 'k').payload.summary.length).toBeLessThanOrEqual(1024);
  });
});

describe('emailContent', () => {
  it('subjects with the severity, and escapes the HTML body', () => {
    const c = emailContent(sampleAlert());
    expect(c.subject).toBe('[CRITICAL] Badge minted to 0xabc… (rule *Mints*)');
    expect(c.text).toContain('A badge was minted to <!channel> & friends');
    expect(c.text).toContain('Block: 42');
    expect(c.html).toContain('&lt;!channel&gt; &amp; friends');
    expect(c.html).not.toContain('<!channel>');
  });

  it('keeps the subject on one line and short', () => {
    const c = emailContent(sampleAlert({ title: `a\r\nBcc: evil@example.com ${'y'.repeat(500)}` }));
    expect(c.subject).not.toMatch(/[\r\n]/);
    expect(c.subject.length).toBeLessThanOrEqual(200);
  });
});
