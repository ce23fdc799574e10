import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  inject,
  input,
  type OnDestroy,
  type OnInit,
  output,
} from '@angular/core';
import { type Subscription, timer } from 'rxjs';

import type { AlertMessage } from '@aura/events';

import { ALERT_KIND_LABELS, SEVERITY_LABELS } from './alert-text';

/** How long a toast stays, counted again from when the pointer or the focus leaves it. */
export const TOAST_MS = 8_000;

/** One alert as a toast: severity, title, text and a dismiss button; it dismisses itself unless hovered or focused. */
@Component({
  selector: 'aura-alert-toast',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    class: 'toast',
    '[attr.data-severity]': 'alert().severity',
    '[attr.data-kind]': 'alert().kind',
    'data-testid': 'alert-toast',
    '(mouseenter)': 'hold("pointer", true)',
    '(mouseleave)': 'hold("pointer", false)',
    '(focusin)': 'hold("focus", true)',
    '(focusout)': 'focusOut($event)',
  },
  template: `
    <p class="head">
      <span class="sev">{{ severities[alert().severity] }}</span> · {{ kinds[alert().kind] }} ·
      <span class="rule">{{ alert().ruleName }}</span>
    </p>
    <p class="title">{{ alert().title }}</p>
    <p class="text">{{ alert().text }}</p>
    <button
      type="button"
      class="close"
      (click)="dismissed.emit()"
      [attr.aria-label]="'Dismiss alert: ' + alert().title"
    >
      ✕
    </button>
  `,
  styles: `
    :host {
      position: relative;
      display: block;
      padding: 0.6rem 2.25rem 0.6rem 0.75rem;
      background: var(--surface);
      color: var(--fg);
      border: 1px solid var(--border);
      border-left: 0.35rem solid var(--sev);
      border-radius: 0.5rem;
      box-shadow: 0 4px 16px rgb(0 0 0 / 25%);
      --sev: var(--accent);
    }
    :host([data-severity='warning']) {
      --sev: var(--warn);
    }
    :host([data-severity='critical']) {
      --sev: var(--bad);
    }
    p {
      margin: 0;
      /* Addresses and hashes are long unbroken words. */
      overflow-wrap: anywhere;
    }
    .head {
      font-size: 0.8rem;
      color: var(--muted);
    }
    .sev {
      color: var(--sev);
      font-weight: 700;
    }
    .title {
      font-weight: 600;
      margin: 0.15rem 0;
    }
    .text {
      font-size: 0.9rem;
    }
    .close {
      position: absolute;
      top: 0.35rem;
      right: 0.35rem;
      border: 0;
      background: none;
      cursor: pointer;
      padding: 0.2rem 0.4rem;
    }
  `,
})
export class AlertToastComponent implements OnInit, OnDestroy {
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  readonly alert = input.required<AlertMessage>();
  readonly dismissed = output<void>();
  protected readonly severities = SEVERITY_LABELS;
  protected readonly kinds = ALERT_KIND_LABELS;

  private readonly held = new Set<'pointer' | 'focus'>();
  private countdown: Subscription | null = null;

  ngOnInit(): void {
    this.start();
  }

  ngOnDestroy(): void {
    this.countdown?.unsubscribe();
  }

  protected hold(by: 'pointer' | 'focus', on: boolean): void {
    if (on) this.held.add(by);
    else this.held.delete(by);
    if (this.held.size) {
      this.countdown?.unsubscribe();
      this.countdown = null;
    } else if (!this.countdown) {
      this.start();
    }
  }

  protected focusOut(event: FocusEvent): void {
    // Focus moving between the toast's own elements keeps it.
    if (event.relatedTarget instanceof Node && this.host.nativeElement.contains(event.relatedTarget)) return;
    this.hold('focus', false);
  }

  private start(): void {
    this.countdown = timer(TOAST_MS).subscribe(() => this.dismissed.emit());
  }
}
