import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';

import { ALERT_TOKEN_EVENTS, type AlertTokenEvent } from '@aura/events';

import type { RuleDraft } from './alert-rule-draft';
import { TOKEN_EVENT_LABELS } from './alert-text';
import { describedBy, type FieldErrors } from './field-errors';

/** One edit of the draft: a field and its new value. */
export interface DraftChange<K extends keyof RuleDraft = keyof RuleDraft> {
  key: K;
  value: RuleDraft[K];
}

/** The parameters of the rule's condition kind, each with its label and its message. */
@Component({
  selector: 'aura-alert-condition-fields',
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './alert-condition-fields.component.html',
  styleUrl: './alerts.css',
  host: { style: 'display: contents' },
})
export class AlertConditionFieldsComponent {
  readonly draft = input.required<RuleDraft>();
  readonly errors = input.required<FieldErrors>();
  readonly changed = output<DraftChange>();

  protected readonly tokenEvents = ALERT_TOKEN_EVENTS;
  protected readonly eventLabels = TOKEN_EVENT_LABELS;

  protected set<K extends keyof RuleDraft>(key: K, value: RuleDraft[K]): void {
    this.changed.emit({ key, value } as DraftChange);
  }

  protected toggleEvent(event: AlertTokenEvent, on: boolean): void {
    const events = this.draft().events;
    this.set('events', on ? [...new Set([...events, event])] : events.filter((e) => e !== event));
  }

  protected describedBy(field: string, hint?: string): string | null {
    return describedBy(this.errors(), 'rule', field, hint);
  }
}
