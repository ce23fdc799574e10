// Text shaping shared by the channels: escaping for each service's markup and cutting to each
// service's limits without breaking a character or an escape sequence in two.
import type { AlertMessage, AlertSeverity } from '@aura/events';

export const ELLIPSIS = '…';

/** Each service's documented limits (characters), the ones our payloads could reach. */
export const LIMITS = {
  slack: { header: 150, sectionText: 3000, field: 2000, contextText: 3000, fallbackText: 3000 },
  discord: { title: 256, description: 4096, fieldName: 256, fieldValue: 1024, footer: 2048, total: 6000 },
  telegram: { text: 4096 },
  pagerduty: { summary: 1024, dedupKey: 255 },
  email: { subject: 200 },
} as const;

/** `text` cut to at most `max` UTF-16 units, ending in `…` when cut; never splits a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let end = max - ELLIPSIS.length;
  if (end > 0 && isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
  return `${text.slice(0, Math.max(0, end))}${ELLIPSIS}`;
}

/**
 * `text` escaped with `escape` and cut so the escaped result is at most `max` units: for services whose
 * limit counts the markup as sent (Slack, Discord). Cutting after escaping could leave half an entity.
 */
export function fitEscaped(text: string, max: number, escape: (s: string) => string): string {
  const whole = escape(text);
  if (whole.length <= max) return whole;
  const budget = max - ELLIPSIS.length;
  let out = '';
  for (const char of text) {
    const piece = escape(char);
    if (out.length + piece.length > budget) break;
    out += piece;
  }
  return `${out}${ELLIPSIS}`;
}

/** HTML text and attribute escaping (Telegram's HTML parse mode accepts exactly these four entities). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => HTML_ENTITIES[c] ?? c);
}
const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/**
 * Slack mrkdwn: the three characters Slack wants escaped. Escaping `<` and `>` is also what keeps a
 * value like `<!channel>` or `<https://evil|bank>` from becoming a mention or a disguised link.
 */
export function escapeSlackMrkdwn(text: string): string {
  return text.replace(/[&<>]/g, (c) => HTML_ENTITIES[c] ?? c);
}

/**
 * Discord markdown: a backslash before any punctuation shows it literally, so each character that
 * formats, quotes, masks a link or opens a mention is escaped.
 */
export function escapeDiscordMarkdown(text: string): string {
  return text.replace(/[\\*_~`|>#[\]()<@]/g, (c) => `\\${c}`);
}

/** One line (for a subject or a header): line breaks and other control characters become spaces. */
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();
}

/** A label/value pair describing the alert, shown as fields or lines by each channel. */
export interface MessageFact {
  label: string;
  value: string;
  /** Hashes and addresses: shown as code where the format has it. */
  code?: boolean;
}

/** The chain event's facts: block, transaction, address, in the order a reader looks for them. */
export function eventFacts(message: AlertMessage): MessageFact[] {
  const event = message.event;
  if (!event) return [];
  const facts: MessageFact[] = [
    { label: 'Block', value: String(event.blockNumber) },
    { label: 'Tx', value: event.txHash, code: true },
  ];
  const address = event.address ?? event.to ?? event.from;
  if (address) facts.push({ label: 'Address', value: address, code: true });
  if (event.contract) facts.push({ label: 'Contract', value: event.contract, code: true });
  if (event.tokenId !== undefined) facts.push({ label: 'Token', value: event.tokenId });
  if (event.value !== undefined) facts.push({ label: 'Value (wei)', value: event.value });
  return facts;
}

/** A state condition's facts: since when, until when and for how long. */
export function stateFacts(message: AlertMessage): MessageFact[] {
  const state = message.state;
  if (!state) return [];
  const facts: MessageFact[] = [{ label: 'Since', value: state.since }];
  if (state.resolvedAt) facts.push({ label: 'Resolved', value: state.resolvedAt });
  if (state.durationSeconds !== undefined)
    facts.push({ label: 'Duration', value: formatDuration(state.durationSeconds) });
  if (state.detail) facts.push({ label: 'Detail', value: state.detail });
  return facts;
}

/** Counts a reader should know about: held-back messages and threshold matches. */
export function countFacts(message: AlertMessage): MessageFact[] {
  const facts: MessageFact[] = [];
  if (message.matches !== undefined) facts.push({ label: 'Matches', value: String(message.matches) });
  if (message.suppressed > 0)
    facts.push({ label: 'Suppressed', value: `${message.suppressed} since the last message` });
  return facts;
}

/** The severity, plus the kind when it is not a plain firing: `critical · resolved`. */
export function severityLine(message: AlertMessage): string {
  return message.kind === 'fired' ? message.severity : `${message.severity} · ${message.kind}`;
}

export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.round(totalSeconds));
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const parts = [d ? `${d}d` : '', h ? `${h}h` : '', m ? `${m}m` : '', sec || s === 0 ? `${sec}s` : ''];
  return parts.filter(Boolean).join(' ');
}

/** Colours by severity for services that take one (Discord embeds); a resolution is green. */
export function severityColor(message: AlertMessage): number {
  if (message.kind === 'resolved') return 0x12b76a;
  if (message.kind === 'retracted') return 0x98a2b3;
  return SEVERITY_COLORS[message.severity];
}
const SEVERITY_COLORS: Record<AlertSeverity, number> = { critical: 0xd92d20, warning: 0xf79009, info: 0x2e90fa };

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
