import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';

/**
 * The second step of a row's Delete: "Delete this <noun>?" with the button that deletes and Cancel. The panel
 * shows it in place of the row's buttons while it asks.
 */
@Component({
  selector: 'aura-confirm-delete',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { role: 'group', '[attr.aria-label]': "'Delete ' + name() + '?'" },
  template: `
    <span>Delete this {{ noun() }}?</span>
    <button
      type="button"
      class="btn danger"
      [disabled]="busy()"
      (click)="confirmed.emit()"
      [attr.data-testid]="noun() + '-delete-confirm'"
    >
      Delete {{ noun() }}
    </button>
    <button type="button" class="btn" (click)="cancelled.emit()">Cancel</button>
  `,
  styles: `
    :host {
      display: flex;
      gap: 0.5rem;
      flex-wrap: wrap;
      align-items: center;
    }
  `,
})
export class ConfirmDeleteComponent {
  /** What is deleted: `rule`, `channel` (the words and the test ids `<noun>-delete-confirm`). */
  readonly noun = input.required<string>();
  /** The row's name, for the group's accessible name. */
  readonly name = input.required<string>();
  /** The delete is in flight. */
  readonly busy = input(false);
  readonly confirmed = output<void>();
  readonly cancelled = output<void>();
}
