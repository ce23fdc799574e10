import { Inject, Injectable, type OnModuleDestroy, Optional } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';

import type { AlertMessage, ChannelSettings } from '@aura/events';

import {
  ALERT_CHANNEL_CONFIG,
  type AlertChannelConfig,
  DASHBOARD_ALERT_PUBLISHER,
  type DashboardAlertPublisher,
} from './channel-config';
import {
  discordPayload,
  emailContent,
  pagerDutyEvent,
  slackPayload,
  telegramBody,
  webhookBody,
} from './channel-payloads';
import { type HttpAnswer, HttpNetworkError, HttpTimeoutError, postJson } from './http-post';
import { oneLine } from './message-text';
import { channelSecrets, endpointLabel, redactSecrets, userinfoOf } from './redact';
import { failure, isRetryableStatus, parseRetryAfter, retryAfterSecondsToMs, type SendOutcome } from './send-outcome';
import { IDEMPOTENCY_HEADER, SIGNATURE_HEADER, signatureHeader, TIMESTAMP_HEADER } from './webhook-signature';

export interface ChannelTarget {
  id: string;
  name: string;
  settings: ChannelSettings;
}

/** The longest piece of a receiver's answer quoted in an error (after redaction). */
const MAX_DETAIL = 200;

/** Nodemailer codes for a connection that failed or broke, rather than a message that was refused. */
const TRANSIENT_SMTP_CODES = new Set(['ECONNECTION', 'ESOCKET', 'ETIMEDOUT', 'EDNS', 'EPROTOCOL', 'EMAXLIMIT']);

/**
 * Sends one alert message through one channel, once. It never throws and never retries: it says what
 * happened (`SendOutcome`), whether another try could succeed and when the receiver asked to be retried;
 * the deliverer owns backoff and attempts. Every error text is redacted of the channel's secrets (and
 * of the SMTP credentials) before it is returned, and nothing here logs.
 */
@Injectable()
export class ChannelSender implements OnModuleDestroy {
  private transporter: Transporter | null = null;

  constructor(
    @Inject(ALERT_CHANNEL_CONFIG) private readonly config: AlertChannelConfig,
    @Optional() @Inject(DASHBOARD_ALERT_PUBLISHER) private readonly publishToDashboard?: DashboardAlertPublisher | null,
  ) {}

  async send(channel: ChannelTarget, message: AlertMessage, idempotencyKey: string): Promise<SendOutcome> {
    const secrets = [...channelSecrets(channel.settings), ...this.smtpSecrets()];
    let outcome: SendOutcome;
    try {
      outcome = await this.dispatch(channel.settings, message, idempotencyKey);
    } catch (err) {
      outcome = failure(`unexpected error: ${err instanceof Error ? err.message : String(err)}`, false);
    }
    return outcome.ok ? outcome : { ...outcome, error: redactSecrets(outcome.error, secrets) };
  }

  /** Closes the SMTP transporter (idle sockets of a pool, if one is ever configured). */
  close(): void {
    this.transporter?.close();
    this.transporter = null;
  }

  onModuleDestroy(): void {
    this.close();
  }

  private dispatch(settings: ChannelSettings, message: AlertMessage, key: string): Promise<SendOutcome> {
    switch (settings.type) {
      case 'webhook':
        return this.sendWebhook(settings, message, key);
      case 'slack':
        return this.postTo('Slack', settings.webhookUrl, JSON.stringify(slackPayload(message)), key);
      case 'discord':
        return this.postTo('Discord', settings.webhookUrl, JSON.stringify(discordPayload(message)), key);
      case 'telegram':
        return this.sendTelegram(settings, message, key);
      case 'pagerduty':
        return this.sendPagerDuty(settings, message, key);
      case 'email':
        return this.sendEmail(settings, message, key);
      case 'dashboard':
        return Promise.resolve(this.sendDashboard(message));
      default:
        return Promise.resolve(
          failure(`unknown channel type ${JSON.stringify((settings as { type?: unknown }).type)}`, false),
        );
    }
  }

  private sendWebhook(
    settings: Extract<ChannelSettings, { type: 'webhook' }>,
    message: AlertMessage,
    key: string,
  ): Promise<SendOutcome> {
    const body = webhookBody(message, key);
    const timestamp = Math.floor(Date.now() / 1000);
    const secrets = settings.previousSecret ? [settings.secret, settings.previousSecret] : [settings.secret];
    return this.postTo('webhook', settings.url, body, key, {
      [TIMESTAMP_HEADER]: String(timestamp),
      [SIGNATURE_HEADER]: signatureHeader(secrets, timestamp, body),
    });
  }

  private async sendTelegram(
    settings: Extract<ChannelSettings, { type: 'telegram' }>,
    message: AlertMessage,
    key: string,
  ): Promise<SendOutcome> {
    const url = `${this.config.telegramApiUrl.replace(/\/+$/, '')}/bot${settings.botToken}/sendMessage`;
    const body = JSON.stringify(telegramBody(message, settings.chatId));
    return this.post('Telegram', url, body, key, {}, (answer) => {
      const json = asRecord(answer.json);
      if (answer.status >= 200 && answer.status < 300 && json?.['ok'] === true)
        return { ok: true, status: answer.status };
      const code = typeof json?.['error_code'] === 'number' ? json['error_code'] : answer.status;
      const description = typeof json?.['description'] === 'string' ? json['description'] : answer.text;
      const params = asRecord(json?.['parameters']);
      const status = answer.status >= 200 && answer.status < 300 ? code : answer.status;
      return failure(
        `HTTP ${status}: ${detail(description) || 'no description'}`,
        isRetryableStatus(status),
        retryAfterSecondsToMs(params?.['retry_after']) ?? parseRetryAfter(answer.headers.get('retry-after')),
      );
    });
  }

  private sendPagerDuty(
    settings: Extract<ChannelSettings, { type: 'pagerduty' }>,
    message: AlertMessage,
    key: string,
  ): Promise<SendOutcome> {
    const body = JSON.stringify(pagerDutyEvent(message, settings.routingKey));
    return this.post('PagerDuty', this.config.pagerDutyEventsUrl, body, key, {}, (answer) => {
      if (answer.status >= 200 && answer.status < 300) return { ok: true, status: answer.status };
      const json = asRecord(answer.json);
      const errors = Array.isArray(json?.['errors']) ? json['errors'].join('; ') : '';
      const said = [json?.['message'], errors].filter((s) => typeof s === 'string' && s !== '').join(': ');
      return httpFailure(answer, said || answer.text);
    });
  }

  private sendDashboard(message: AlertMessage): SendOutcome {
    if (!this.publishToDashboard) return failure('the dashboard channel has no publisher (gateway not wired)', false);
    try {
      this.publishToDashboard(message);
      return { ok: true, status: null };
    } catch (err) {
      return failure(`dashboard publish failed: ${err instanceof Error ? err.message : String(err)}`, false);
    }
  }

  private async sendEmail(
    settings: Extract<ChannelSettings, { type: 'email' }>,
    message: AlertMessage,
    key: string,
  ): Promise<SendOutcome> {
    if (!this.config.smtpUrl) return failure('SMTP_URL is not set', false);
    const content = emailContent(message);
    try {
      const info = (await this.mailer().sendMail({
        from: this.config.emailFrom,
        to: settings.to,
        subject: content.subject,
        text: content.text,
        html: content.html,
        // One Message-ID per delivery: a retry that reached the server before is recognisable as the same mail.
        messageId: `<${key.replace(/[^A-Za-z0-9._-]/g, '_')}@${senderDomain(this.config.emailFrom)}>`,
        headers: { [IDEMPOTENCY_HEADER]: oneLine(key), 'X-Aura-Alert-Id': oneLine(message.id) },
        disableFileAccess: true,
        disableUrlAccess: true,
      })) as { response?: unknown; accepted?: unknown[] };
      const code = typeof info.response === 'string' ? Number(/^(\d{3})/.exec(info.response)?.[1]) : NaN;
      return { ok: true, status: Number.isFinite(code) ? code : null };
    } catch (err) {
      return smtpFailure(err, endpointLabel(this.config.smtpUrl));
    }
  }

  private mailer(): Transporter {
    if (!this.transporter) {
      const timeout = this.config.httpTimeoutMs;
      this.transporter = createTransport({
        url: this.config.smtpUrl ?? undefined,
        pool: false,
        connectionTimeout: timeout,
        greetingTimeout: timeout,
        socketTimeout: timeout,
        logger: false,
        debug: false,
      });
    }
    return this.transporter;
  }

  private smtpSecrets(): string[] {
    const url = this.config.smtpUrl;
    return url ? [url, ...userinfoOf(url)] : [];
  }

  /** A POST whose 2xx is success and whose other answers classify by status (Slack, Discord, webhooks). */
  private postTo(
    service: string,
    url: string,
    body: string,
    key: string,
    headers: Record<string, string> = {},
  ): Promise<SendOutcome> {
    return this.post(service, url, body, key, headers, (answer) => {
      if (answer.status >= 200 && answer.status < 300) return { ok: true, status: answer.status };
      const json = asRecord(answer.json);
      // Discord's 429 body carries retry_after in (fractional) seconds; the header is whole seconds.
      const retryAfter = answer.status === 429 ? retryAfterSecondsToMs(json?.['retry_after']) : null;
      const said = typeof json?.['message'] === 'string' ? json['message'] : answer.text;
      return httpFailure(answer, said, retryAfter);
    });
  }

  private async post(
    service: string,
    url: string,
    body: string,
    key: string,
    headers: Record<string, string>,
    judge: (answer: HttpAnswer) => SendOutcome,
  ): Promise<SendOutcome> {
    const where = `${service} (${endpointLabel(url)})`;
    let answer: HttpAnswer;
    try {
      answer = await postJson(url, body, { [IDEMPOTENCY_HEADER]: key, ...headers }, this.config.httpTimeoutMs);
    } catch (err) {
      if (err instanceof HttpTimeoutError) return failure(`${where}: no answer within ${err.timeoutMs} ms`, true);
      if (err instanceof HttpNetworkError) return failure(`${where}: could not connect (${err.code})`, true);
      throw err;
    }
    const outcome = judge(answer);
    return outcome.ok ? outcome : { ...outcome, error: `${where}: ${outcome.error}` };
  }
}

function httpFailure(answer: HttpAnswer, said: string, retryAfterMs: number | null = null): SendOutcome {
  const retryable = isRetryableStatus(answer.status);
  const redirect = answer.status >= 300 && answer.status < 400 ? ' (redirects are not followed)' : '';
  const text = detail(said);
  return failure(
    `HTTP ${answer.status}${redirect}${text ? `: ${text}` : ''}`,
    retryable,
    retryable ? (retryAfterMs ?? parseRetryAfter(answer.headers.get('retry-after'))) : null,
  );
}

function smtpFailure(err: unknown, where: string): SendOutcome {
  const e = (err ?? {}) as { code?: unknown; responseCode?: unknown; message?: unknown };
  const responseCode = typeof e.responseCode === 'number' ? e.responseCode : null;
  const code = typeof e.code === 'string' ? e.code : null;
  const text = detail(typeof e.message === 'string' ? e.message : String(err));
  const what = `SMTP (${where}) ${responseCode ?? code ?? 'error'}: ${text}`;
  if (responseCode !== null) {
    // 4yz is transient by RFC 5321 (greylisting, a full queue); 5yz permanent, but for 503 (bad
    // sequence), which a fresh connection clears.
    return failure(what, (responseCode >= 400 && responseCode < 500) || responseCode === 503);
  }
  return failure(what, code !== null && TRANSIENT_SMTP_CODES.has(code));
}

function detail(text: string): string {
  const line = oneLine(text);
  return line.length > MAX_DETAIL ? `${line.slice(0, MAX_DETAIL)}…` : line;
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

function senderDomain(from: string): string {
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from;
  const domain = address.split('@').pop()?.trim() ?? '';
  return /^[A-Za-z0-9.-]+$/.test(domain) ? domain : 'aura-monitor.localhost';
}
