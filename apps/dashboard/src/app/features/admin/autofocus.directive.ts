import { afterNextRender, Directive, ElementRef, inject } from '@angular/core';

/**
 * Focuses its element once rendered: for a form or field that opens on a button press, so keyboard and
 * screen-reader users land in it (it may open above the row whose button opened it).
 */
@Directive({ selector: '[auraAutofocus]' })
export class AutofocusDirective {
  constructor() {
    const element = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
    afterNextRender(() => element.focus());
  }
}
