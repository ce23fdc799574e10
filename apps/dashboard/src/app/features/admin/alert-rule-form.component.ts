import { ChangeDetectionStrategy, Component, inject, input, linkedSignal, output } from '@angular/core';

import {
  ALERT_DEDUP_KEYS,
  ALERT_SEVERITIES,
  type AlertConditionKind,
  type AlertRule,
  type AlertRuleInput,
  type Channel,
} from '@aura/events';

import { AlertConditionFieldsComponent } from './alert-condition-fields.component';
import { checkRule, draftOf, EMPTY_DRAFT, isEventKind, type RuleDraft, ruleFieldErrors } from './alert-rule-draft';
import { CHANNEL_TYPE_LABELS, CONDITION_LABELS } from './alert-text';
import { AlertsApi } from './alerts-api.service';
import { DraftFormComponent } from './draft-form.component';
import { describedBy } from './field-errors';
import { formSubmission } from './form-submission';

/**
 * Creates or edits one rule: the condition's parameters per kind, channels, severity, cooldown, dedup key,
 * threshold and delivery mode. Checked with the API's schema before sending, so the messages beside each field
 * are the API's; a refusal by the API (400) lands beside its field too.
 */
@Component({
  selector: 'aura-alert-rule-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [AlertConditionFieldsComponent, DraftFormComponent],
  templateUrl: './alert-rule-form.component.html',
  styleUrl: './alerts.css',
})
export class AlertRuleFormComponent {
  private readonly api = inject(AlertsApi);

  /** The rule to edit; null creates one. */
  readonly rule = input<AlertRule | null>(null);
  readonly channels = input<readonly Channel[]>([]);
  readonly saved = output<AlertRule>();
  readonly cancelled = output<void>();

  protected readonly kinds = Object.keys(CONDITION_LABELS) as AlertConditionKind[];
  protected readonly kindLabels = CONDITION_LABELS;
  protected readonly typeLabels = CHANNEL_TYPE_LABELS;
  protected readonly severities = ALERT_SEVERITIES;
  protected readonly dedupKeys = ALERT_DEDUP_KEYS;
  protected readonly isEventKind = isEventKind;

  protected readonly draft = linkedSignal<RuleDraft>(() => {
    const rule = this.rule();
    return rule ? draftOf(rule) : EMPTY_DRAFT;
  });
  protected readonly bodyFields = ['', 'threshold', 'delivery'];
  protected readonly submission = formSubmission({
    check: () => checkRule(this.draft()),
    send: (input: AlertRuleInput) => {
      const rule = this.rule();
      return rule ? this.api.updateRule(rule.id, input) : this.api.createRule(input);
    },
    refusal: ruleFieldErrors,
    saved: (stored) => this.saved.emit(stored),
  });
  protected readonly errors = this.submission.errors;

  protected set<K extends keyof RuleDraft>(key: K, value: RuleDraft[K]): void {
    this.draft.update((d) => ({ ...d, [key]: value }));
    this.submission.changed();
  }

  protected toggleChannel(id: string, on: boolean): void {
    const current = this.draft().channels;
    this.set('channels', on ? [...new Set([...current, id])] : current.filter((x) => x !== id));
  }

  protected describedBy(field: string, hint?: string): string | null {
    return describedBy(this.errors(), 'rule', field, hint);
  }
}
