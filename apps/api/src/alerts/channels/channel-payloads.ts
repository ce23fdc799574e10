// The request body each service expects, built from one AlertMessage. Pure: the sender adds transport.
import type { AlertMessage } from '@aura/events';

import {
  countFacts,
  escapeDiscordMarkdown,
  escapeHtml,
  escapeSlackMrkdwn,
  eventFacts,
  fitEscaped,
  LIMITS,
  type MessageFact,
  oneLine,
  severityColor,
  severityLine,
  stateFacts,
  truncate,
} from './message-text';

/** The webhook body: the idempotency key beside the message, so a receiver can drop a repeat unopened. */
export function webhookBody(message: AlertMessage, idempotencyKey: string): string {
  return JSON.stringify({ idempotencyKey, alert: message });
}

function allFacts(message: AlertMessage): MessageFact[] {
  return [...eventFacts(message), ...stateFacts(message), ...countFacts(message)];
}

function titleOf(message: AlertMessage): string {
  return oneLine(message.title) || `Alert from rule ${oneLine(message.ruleName)}`;
}

// --- Slack (incoming webhook, Block Kit) -----------------------------------------------------------

type SlackText = { type: 'plain_text' | 'mrkdwn'; text: string; emoji?: boolean };
export type SlackBlock =
  | { type: 'header'; text: SlackText }
  | { type: 'section'; text?: SlackText; fields?: SlackText[] }
  | { type: 'context'; elements: SlackText[] };

export interface SlackPayload {
  text: string;
  blocks: SlackBlock[];
}

const SLACK_MAX_FIELDS = 10;

export function slackPayload(message: AlertMessage): SlackPayload {
  const title = titleOf(message);
  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(title, LIMITS.slack.header), emoji: true } },
  ];
  if (message.text.trim() !== '') {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: fitEscaped(message.text, LIMITS.slack.sectionText, escapeSlackMrkdwn) },
    });
  }
  const facts = allFacts(message).slice(0, SLACK_MAX_FIELDS);
  if (facts.length > 0) {
    blocks.push({
      type: 'section',
      fields: facts.map((f) => {
        const value = f.code ? `\`${f.value}\`` : f.value;
        return {
          type: 'mrkdwn',
          text: fitEscaped(`*${f.label}*\n${value}`, LIMITS.slack.field, escapeSlackMrkdwn),
        };
      }),
    });
  }
  const context = `*${severityLine(message)}* · rule ${message.ruleName} · ${message.at}`;
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: fitEscaped(context, LIMITS.slack.contextText, escapeSlackMrkdwn) }],
  });
  // `text` is what notifications and screen readers show when blocks are present.
  const fallback = `[${message.severity.toUpperCase()}] ${title}`;
  return { text: fitEscaped(fallback, LIMITS.slack.fallbackText, escapeSlackMrkdwn), blocks };
}

// --- Discord (webhook, one embed) ------------------------------------------------------------------

export interface DiscordEmbedField {
  name: string;
  value: string;
  inline: boolean;
}
export interface DiscordPayload {
  content?: string;
  embeds: {
    title: string;
    description?: string;
    color: number;
    fields: DiscordEmbedField[];
    timestamp?: string;
    footer: { text: string };
  }[];
  allowed_mentions: { parse: never[] };
}

const DISCORD_MAX_FIELDS = 25;

export function discordPayload(message: AlertMessage): DiscordPayload {
  const d = LIMITS.discord;
  const title = truncate(titleOf(message), d.title);
  const field = (name: string, value: string, code = false): DiscordEmbedField => ({
    name: truncate(name, d.fieldName),
    value: code
      ? truncate(`\`${value.replace(/`/g, "'")}\``, d.fieldValue)
      : fitEscaped(value || '-', d.fieldValue, escapeDiscordMarkdown),
    inline: true,
  });
  const fields = [
    field('Severity', severityLine(message)),
    field('Rule', message.ruleName),
    ...allFacts(message).map((f) => field(f.label, f.value, f.code)),
  ].slice(0, DISCORD_MAX_FIELDS);
  const footer = { text: truncate('Aura Monitor', d.footer) };
  // The 6,000-character cap counts title, description, fields and footer together: the text gets what is left.
  const used = title.length + footer.text.length + fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
  const room = Math.min(d.description, d.total - used);
  const description =
    message.text.trim() !== '' && room > 0 ? fitEscaped(message.text, room, escapeDiscordMarkdown) : '';
  const timestamp = Number.isNaN(Date.parse(message.at)) ? undefined : new Date(message.at).toISOString();
  return {
    embeds: [
      {
        title,
        ...(description ? { description } : {}),
        color: severityColor(message),
        fields,
        ...(timestamp ? { timestamp } : {}),
        footer,
      },
    ],
    // Nothing in an alert may ping: the text comes from chain data and rule names.
    allowed_mentions: { parse: [] },
  };
}

// --- Telegram (Bot API sendMessage, HTML parse mode) -----------------------------------------------

/**
 * The message text in Telegram's HTML mode. Telegram's 4,096 limit counts the text after its markup is
 * parsed, so each part is cut on its plain text and escaped afterwards.
 */
export function telegramText(message: AlertMessage): string {
  const title = truncate(titleOf(message), 256);
  const facts = allFacts(message).map((f) => ({
    label: f.label,
    value: truncate(oneLine(f.value), 200),
    code: f.code,
  }));
  const footer = truncate(`${severityLine(message)} · rule ${message.ruleName} · ${message.at}`, 400);
  const visibleFacts = facts.reduce((n, f) => n + f.label.length + 1 + f.value.length + 1, 0);
  const fixed = title.length + 2 + visibleFacts + 1 + footer.length;
  const text = message.text.trim() === '' ? '' : truncate(message.text, Math.max(0, LIMITS.telegram.text - fixed - 2));

  const lines = [`<b>${escapeHtml(title)}</b>`, ''];
  if (text) lines.push(escapeHtml(text), '');
  for (const f of facts) {
    const value = f.code ? `<code>${escapeHtml(f.value)}</code>` : escapeHtml(f.value);
    lines.push(`<b>${escapeHtml(f.label)}</b> ${value}`);
  }
  if (facts.length) lines.push('');
  lines.push(`<i>${escapeHtml(footer)}</i>`);
  return lines.join('\n');
}

export function telegramBody(message: AlertMessage, chatId: string) {
  return { chat_id: chatId, text: telegramText(message), parse_mode: 'HTML', disable_web_page_preview: true };
}

// --- PagerDuty (Events API v2) ---------------------------------------------------------------------

export interface PagerDutyEvent {
  routing_key: string;
  event_action: 'trigger' | 'resolve';
  dedup_key: string;
  client: string;
  payload: {
    summary: string;
    source: string;
    severity: 'critical' | 'warning' | 'info';
    timestamp: string;
    group: string;
    class: string;
    custom_details: Record<string, unknown>;
  };
}

/**
 * The dedup key ties a resolve to the incident its trigger opened: a resolution carries the alert it
 * resolves in `dedupKey`; a retraction falls back to the alert it retracts.
 */
export function pagerDutyDedupKey(message: AlertMessage): string {
  const key = message.dedupKey ?? (message.kind === 'retracted' ? message.retracts : undefined) ?? message.id;
  return key.slice(0, LIMITS.pagerduty.dedupKey);
}

export function pagerDutyEvent(message: AlertMessage, routingKey: string): PagerDutyEvent {
  const resolve = message.kind === 'resolved' || message.kind === 'retracted';
  return {
    routing_key: routingKey,
    event_action: resolve ? 'resolve' : 'trigger',
    dedup_key: pagerDutyDedupKey(message),
    client: 'Aura Monitor',
    payload: {
      summary: truncate(titleOf(message), LIMITS.pagerduty.summary),
      source: 'aura-monitor',
      severity: message.severity,
      timestamp: message.at,
      group: message.ruleName,
      class: message.condition,
      custom_details: {
        text: message.text,
        kind: message.kind,
        alertId: message.id,
        ruleId: message.ruleId,
        rule: message.ruleName,
        ...(message.event ? { event: message.event } : {}),
        ...(message.state ? { state: message.state } : {}),
        ...(message.retracts ? { retracts: message.retracts } : {}),
        ...(message.matches !== undefined ? { matches: message.matches } : {}),
        suppressed: message.suppressed,
      },
    },
  };
}

// --- e-mail ----------------------------------------------------------------------------------------

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

export function emailContent(message: AlertMessage): EmailContent {
  const title = titleOf(message);
  const subject = truncate(`[${message.severity.toUpperCase()}] ${title}`, LIMITS.email.subject);
  const facts: MessageFact[] = [
    { label: 'Severity', value: severityLine(message) },
    { label: 'Rule', value: message.ruleName },
    { label: 'Time', value: message.at },
    ...allFacts(message),
    { label: 'Alert id', value: message.id, code: true },
  ];
  const text = [title, '', message.text, '', ...facts.map((f) => `${f.label}: ${f.value}`), '', '-- Aura Monitor'].join(
    '\n',
  );
  const rows = facts
    .map((f) => {
      const value = f.code ? `<code>${escapeHtml(f.value)}</code>` : escapeHtml(f.value);
      return `<tr><th align="left" style="padding:2px 12px 2px 0">${escapeHtml(f.label)}</th><td>${value}</td></tr>`;
    })
    .join('');
  const html =
    `<!doctype html><html><body style="font-family:sans-serif">` +
    `<h2 style="margin:0 0 8px">${escapeHtml(title)}</h2>` +
    `<p style="white-space:pre-wrap">${escapeHtml(message.text)}</p>` +
    `<table style="border-collapse:collapse">${rows}</table>` +
    `<p style="color:#667085;font-size:12px">Aura Monitor</p></body></html>`;
  return { subject, text, html };
}
