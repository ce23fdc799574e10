import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  inject,
  Injector,
  input,
  linkedSignal,
  output,
  signal,
} from '@angular/core';

import {
  ALERT_DEDUP_KEYS,
  ALERT_SEVERITIES,
  type AlertConditionKind,
  type AlertRule,
  type Channel,
} from '@aura/events';

import { AlertConditionFieldsComponent } from './alert-condition-fields.component';
import { checkRule, draftOf, EMPTY_DRAFT, isEventKind, type RuleDraft, ruleFieldErrors } from './alert-rule-draft';
import { CHANNEL_TYPE_LABELS, CONDITION_LABELS } from './alert-text';
import { AlertsApi } from './alerts-api.service';
import { apiErrorMessage } from './api-error';
import { AutofocusDirective } from './autofocus.directive';
import { badRequestMessages, describedBy, type FieldErrors } from './field-errors';

/**
 * Creates or edits one rule: the condition's parameters per kind, channels, severity, cooldown, dedup key,
 * threshold and delivery mode. Checked with the API's schema before sending, so the messages beside each field
 * are the API's; a refusal by the API (400) lands beside its field too.
 */
@Component({
  selector: 'aura-alert-rule-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [AlertConditionFieldsComponent, AutofocusDirective],
  templateUrl: './alert-rule-form.component.html',
  styleUrl: './alerts.css',
})
export class AlertRuleFormComponent {
  private readonly api = inject(AlertsApi);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

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
  protected readonly errors = signal<FieldErrors>({});
  protected readonly busy = signal(false);
  /** After a first save attempt the messages follow each change. */
  private checked = false;

  protected set<K extends keyof RuleDraft>(key: K, value: RuleDraft[K]): void {
    this.draft.update((d) => ({ ...d, [key]: value }));
    if (this.checked) {
      const result = checkRule(this.draft());
      this.errors.set(result.ok ? {} : result.errors);
    }
  }

  protected toggleChannel(id: string, on: boolean): void {
    const current = this.draft().channels;
    this.set('channels', on ? [...new Set([...current, id])] : current.filter((x) => x !== id));
  }

  protected describedBy(field: string, hint?: string): string | null {
    return describedBy(this.errors(), 'rule', field, hint);
  }

  protected submit(event: Event): void {
    event.preventDefault();
    this.checked = true;
    const result = checkRule(this.draft());
    if (!result.ok) return this.showErrors(result.errors);
    this.errors.set({});
    this.busy.set(true);
    const rule = this.rule();
    (rule ? this.api.updateRule(rule.id, result.input) : this.api.createRule(result.input)).subscribe({
      next: (stored) => {
        this.busy.set(false);
        this.saved.emit(stored);
      },
      error: (err: unknown) => {
        this.busy.set(false);
        const messages = badRequestMessages(err);
        this.showErrors(messages ? ruleFieldErrors(messages) : { '': apiErrorMessage(err) });
      },
    });
  }

  private showErrors(errors: FieldErrors): void {
    this.errors.set(errors);
    // Keyboard and screen-reader users land on the first field to fix.
    afterNextRender(
      () => this.host.nativeElement.querySelector<HTMLElement>('[aria-invalid="true"], .form-error')?.focus(),
      { injector: this.injector },
    );
  }
}
