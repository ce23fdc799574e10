import type { AlertMessage } from '@aura/events';

/** Where the channels send to and how long they wait; base URLs are settings so tests reach local servers. */
export interface AlertChannelConfig {
  /** TELEGRAM_API_URL: the Bot API base, without `/bot<token>`. */
  telegramApiUrl: string;
  /** PAGERDUTY_EVENTS_URL: the Events API v2 enqueue endpoint. */
  pagerDutyEventsUrl: string;
  /** SMTP_URL (smtp:// or smtps://, credentials in the userinfo); null: the e-mail channel refuses. */
  smtpUrl: string | null;
  /** ALERT_EMAIL_FROM: the From of every alert e-mail. */
  emailFrom: string;
  /** ALERT_HTTP_TIMEOUT_MS: one HTTP call (or one SMTP connection step) from start to the last byte. */
  httpTimeoutMs: number;
}

export const ALERT_CHANNEL_CONFIG = Symbol('ALERT_CHANNEL_CONFIG');

export const DEFAULT_ALERT_CHANNEL_CONFIG: AlertChannelConfig = {
  telegramApiUrl: 'https://api.telegram.org',
  pagerDutyEventsUrl: 'https://events.pagerduty.com/v2/enqueue',
  smtpUrl: null,
  emailFrom: 'Aura Monitor <alerts@localhost>',
  httpTimeoutMs: 10_000,
};

/** Sends an `alert` frame to the connected dashboards; returns how many clients it reached. */
export type DashboardAlertPublisher = (message: AlertMessage) => number;

export const DASHBOARD_ALERT_PUBLISHER = Symbol('DASHBOARD_ALERT_PUBLISHER');
