import {
  ChangeDetectionStrategy,
  Component,
  computed,
  type ElementRef,
  inject,
  signal,
  viewChild,
} from '@angular/core';
import * as v from 'valibot';

import { type AlertRule, describeIssues, DryRunInputSchema, isEventCondition } from '@aura/events';

import { AlertRuleFormComponent } from './alert-rule-form.component';
import { CHANNEL_TYPE_LABELS, conditionSummary, deliveryModeSummary } from './alert-text';
import { AlertsApi, type DryRunResult, type TestResult } from './alerts-api.service';
import { apiErrorMessage } from './api-error';
import { AutofocusDirective } from './autofocus.directive';
import { ConfirmDeleteComponent } from './confirm-delete.component';
import { polled } from './polled';
import { rowCalls } from './row-calls';
import { TestDeliveriesComponent } from './test-deliveries.component';

/** What the panel shows under the list: the form, a test's queued deliveries, or a dry run. */
type Aside =
  | { kind: 'form'; rule: AlertRule | null }
  | { kind: 'test'; rule: AlertRule; result: TestResult }
  | { kind: 'dry-run'; rule: AlertRule; result: DryRunResult | null };

/** A dry run replays stored blocks: chain conditions only (not the monitor's health). */
export const canDryRun = (rule: AlertRule): boolean =>
  isEventCondition(rule.condition) || rule.condition.kind === 'event_rate';

/** Alert rules: the list with an enabled toggle, the form, delete after a confirmation, send test, dry run. */
@Component({
  selector: 'aura-alert-rules-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [AlertRuleFormComponent, AutofocusDirective, ConfirmDeleteComponent, TestDeliveriesComponent],
  templateUrl: './alert-rules-panel.component.html',
  styleUrl: './alerts.css',
})
export class AlertRulesPanelComponent {
  private readonly api = inject(AlertsApi);
  protected readonly rules = polled(() => this.api.rules());
  protected readonly channelList = polled(() => this.api.channels());
  protected readonly channels = computed(() => this.channelList.value()?.channels ?? []);
  private readonly channelNames = computed(() => new Map(this.channels().map((c) => [c.id, c])));

  protected readonly aside = signal<Aside | null>(null);
  private readonly newButton = viewChild.required<ElementRef<HTMLButtonElement>>('newButton');
  protected readonly confirming = signal<string | null>(null);
  protected readonly calls = rowCalls();
  protected readonly dryRunError = signal<string | null>(null);
  protected readonly summary = conditionSummary;
  protected readonly canDryRun = canDryRun;
  protected readonly deliverySummary = deliveryModeSummary;

  protected channelLabel(id: string): string {
    const c = this.channelNames().get(id);
    return c ? `${c.name} (${CHANNEL_TYPE_LABELS[c.type]})` : id;
  }

  protected edit(rule: AlertRule | null): void {
    this.aside.set({ kind: 'form', rule });
  }

  protected saved(): void {
    this.close();
    this.rules.refresh();
  }

  /** Closes the form; the focus goes back to "New rule" rather than to the page's start. */
  protected close(): void {
    this.aside.set(null);
    this.newButton().nativeElement.focus();
  }

  protected setEnabled(rule: AlertRule, box: HTMLInputElement): void {
    const enabled = box.checked;
    this.calls.run(
      rule,
      this.api.setRuleEnabled(rule.id, enabled),
      () => this.rules.refresh(),
      () => (box.checked = !enabled),
    );
  }

  protected remove(rule: AlertRule): void {
    this.calls.run(rule, this.api.deleteRule(rule.id), () => {
      this.confirming.set(null);
      const aside = this.aside();
      if (aside?.kind !== 'form' || aside.rule?.id === rule.id) this.aside.set(null);
      this.rules.refresh();
    });
  }

  protected test(rule: AlertRule): void {
    this.calls.run(rule, this.api.testRule(rule.id), (result) => this.aside.set({ kind: 'test', rule, result }));
  }

  protected openDryRun(rule: AlertRule): void {
    this.dryRunError.set(null);
    this.aside.set({ kind: 'dry-run', rule, result: null });
  }

  protected dryRun(event: Event, rule: AlertRule, from: string, to: string): void {
    event.preventDefault();
    const range = { fromBlock: from === '' ? undefined : Number(from), toBlock: to === '' ? undefined : Number(to) };
    const checked = v.safeParse(DryRunInputSchema, range);
    if (!checked.success) {
      this.dryRunError.set(describeIssues('range', checked.issues).join('; '));
      return;
    }
    this.dryRunError.set(null);
    this.calls.busy.set(rule.id);
    this.api.dryRun(rule.id, checked.output).subscribe({
      next: (result) => {
        this.calls.busy.set(null);
        this.aside.set({ kind: 'dry-run', rule, result });
      },
      error: (err: unknown) => {
        this.calls.busy.set(null);
        this.dryRunError.set(apiErrorMessage(err));
      },
    });
  }
}
