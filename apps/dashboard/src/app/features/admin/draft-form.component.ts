import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';

import { AutofocusDirective } from './autofocus.directive';
import { describedBy, type FieldErrors } from './field-errors';

/**
 * The frame of a create-or-edit form (a rule, a channel): the heading, the Name field (focused on open) with what
 * is marked `auraBesideName` on its row, the form's own fields (projected), the messages about the body as a whole
 * and Save / Cancel. Ids and test ids start with `noun`: `<noun>-name`, `<noun>-err-name`, `<noun>-save`.
 */
@Component({
  selector: 'aura-draft-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [AutofocusDirective],
  template: `
    <form (submit)="submit($event)" [attr.aria-label]="label()" novalidate>
      <h3>{{ heading() }}</h3>
      <div class="row">
        <label>
          Name
          <input
            type="text"
            maxlength="100"
            [value]="name()"
            #field
            (input)="nameChange.emit(field.value)"
            [attr.aria-invalid]="errors()['name'] !== undefined"
            [attr.aria-describedby]="nameDescribedBy()"
            [attr.data-testid]="noun() + '-name'"
            auraAutofocus
          />
          @if (errors()['name']; as m) {
            <span class="field-error" [id]="noun() + '-err-name'">{{ m }}</span>
          }
        </label>
        <ng-content select="[auraBesideName]" />
      </div>
      <ng-content />
      @for (field of bodyFields(); track field) {
        @if (errors()[field]; as m) {
          <p class="field-error form-error" role="alert" tabindex="-1" [attr.data-testid]="noun() + '-form-error'">
            {{ m }}
          </p>
        }
      }
      <div class="actions">
        <button type="submit" class="primary" [disabled]="busy()" [attr.data-testid]="noun() + '-save'">
          {{ (editing() === null ? 'Create ' : 'Save ') + noun() }}
        </button>
        <button type="button" class="btn" (click)="cancelled.emit()">Cancel</button>
      </div>
    </form>
  `,
  styleUrl: './alerts.css',
  host: { style: 'display: contents' },
})
export class DraftFormComponent {
  /** What the form makes: `rule`, `channel`. */
  readonly noun = input.required<string>();
  /** The stored name of what is edited; null creates one. */
  readonly editing = input.required<string | null>();
  /** The draft's name. */
  readonly name = input.required<string>();
  readonly errors = input.required<FieldErrors>();
  /** The error keys about the body as a whole (shown above the buttons): '' and the paths no field shows. */
  readonly bodyFields = input.required<readonly string[]>();
  readonly busy = input(false);
  readonly nameChange = output<string>();
  readonly submitted = output<void>();
  readonly cancelled = output<void>();

  protected readonly label = computed(() => {
    const editing = this.editing();
    return editing === null ? `Create a ${this.noun()}` : `Edit ${this.noun()} ${editing}`;
  });
  protected readonly heading = computed(() => {
    const editing = this.editing();
    return editing === null ? `New ${this.noun()}` : `Edit ${this.noun()} “${editing}”`;
  });
  protected readonly nameDescribedBy = computed(() => describedBy(this.errors(), this.noun(), 'name'));

  protected submit(event: Event): void {
    event.preventDefault();
    this.submitted.emit();
  }
}
