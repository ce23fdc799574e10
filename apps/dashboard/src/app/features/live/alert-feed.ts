import { signal } from '@angular/core';

import type { AlertMessage } from '@aura/events';

/** Alerts the "Recent alerts" list keeps, newest first. */
export const RECENT_ALERTS = 50;
/** Toasts shown at once; a new one pushes the oldest out. */
export const MAX_TOASTS = 3;

export interface RecentAlert {
  /** Unique per message: a retraction or a resolution is a message of its own. */
  key: string;
  message: AlertMessage;
  /** A later `retracted` message named this one: its event left the chain. */
  retracted: boolean;
}

const keyOf = (m: AlertMessage) => `${m.kind}:${m.id}`;

/** The alerts of the `alert` frames on the live page: the recent list and the toasts on screen. */
export class AlertFeed {
  private readonly recentList = signal<RecentAlert[]>([]);
  private readonly toastList = signal<RecentAlert[]>([]);
  readonly recent = this.recentList.asReadonly();
  readonly toasts = this.toastList.asReadonly();

  push(message: AlertMessage): void {
    const key = keyOf(message);
    const list = this.recentList();
    if (list.some((a) => a.key === key)) return;
    const retracts = message.kind === 'retracted' ? message.retracts : undefined;
    // A retraction may overtake its alert (another channel, a replay): it marks it when it arrives.
    const retracted = list.some((a) => a.message.kind === 'retracted' && a.message.retracts === message.id);
    const entry = { key, message, retracted };
    const marked = retracts ? list.map((a) => (a.message.id === retracts ? { ...a, retracted: true } : a)) : list;
    this.recentList.set([entry, ...marked].slice(0, RECENT_ALERTS));
    this.toastList.update((toasts) => [entry, ...toasts].slice(0, MAX_TOASTS));
  }

  dismiss(key: string): void {
    this.toastList.update((toasts) => toasts.filter((t) => t.key !== key));
  }
}
