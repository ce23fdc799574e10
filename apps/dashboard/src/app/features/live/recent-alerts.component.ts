import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, input } from '@angular/core';

import type { RecentAlert } from './alert-feed';
import { ALERT_KIND_LABELS, SEVERITY_LABELS } from './alert-text';

/** The recent alerts, newest first: fired, resolved, retracted (and tests); a retracted alert says so. */
@Component({
  selector: 'aura-recent-alerts',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe],
  template: `
    <ol class="list" data-testid="recent-alerts">
      @for (a of alerts(); track a.key) {
        <li
          [attr.data-kind]="a.message.kind"
          [attr.data-severity]="a.message.severity"
          [attr.data-rule]="a.message.ruleName"
          [class.retracted]="a.retracted"
        >
          <p class="head">
            <span class="sev">{{ severities[a.message.severity] }}</span>
            <span class="kind">{{ kinds[a.message.kind] }}</span>
            @if (a.retracted) {
              <span class="kind" data-testid="alert-retracted">retracted later</span>
            }
            <time class="muted" [attr.datetime]="a.message.at">{{ a.message.at | date: 'mediumTime' }}</time>
          </p>
          <p class="title">{{ a.message.title }}</p>
          <p class="muted">{{ a.message.text }}</p>
        </li>
      } @empty {
        <li class="muted">No alerts since this page opened.</li>
      }
    </ol>
  `,
  styles: `
    .list {
      list-style: none;
      margin: 0;
      padding: 0;
      max-height: 28rem;
      overflow-y: auto;
    }
    li {
      padding: 0.35rem 0.25rem 0.35rem 0.5rem;
      border-bottom: 1px solid var(--border);
      border-left: 0.25rem solid var(--sev);
      --sev: var(--accent);
    }
    li[data-severity='warning'] {
      --sev: var(--warn);
    }
    li[data-severity='critical'] {
      --sev: var(--bad);
    }
    p {
      margin: 0;
      overflow-wrap: anywhere;
    }
    .head {
      display: flex;
      gap: 0.5rem;
      font-size: 0.8rem;
    }
    .sev {
      color: var(--sev);
      font-weight: 700;
    }
    .kind {
      font-weight: 600;
    }
    time {
      margin-left: auto;
    }
    .title {
      font-weight: 600;
    }
    .retracted .title {
      text-decoration: line-through;
    }
    .muted {
      color: var(--muted);
    }
  `,
})
export class RecentAlertsComponent {
  readonly alerts = input.required<readonly RecentAlert[]>();
  protected readonly severities = SEVERITY_LABELS;
  protected readonly kinds = ALERT_KIND_LABELS;
}
