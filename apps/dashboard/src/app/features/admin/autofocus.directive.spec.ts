import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';

import { AutofocusDirective } from './autofocus.directive';

@Component({
  imports: [AutofocusDirective],
  template: `<button type="button">before</button>
    @if (open()) {
      <label>Name <input auraAutofocus /></label>
    }`,
})
class Host {
  readonly open = signal(false);
}

describe('AutofocusDirective', () => {
  it('focuses its element when it appears', () => {
    const fixture = TestBed.createComponent(Host);
    fixture.detectChanges();
    const el = fixture.nativeElement as HTMLElement;
    document.body.appendChild(el);
    fixture.componentInstance.open.set(true);
    fixture.detectChanges();
    expect(document.activeElement).toBe(el.querySelector('input'));
  });
});
