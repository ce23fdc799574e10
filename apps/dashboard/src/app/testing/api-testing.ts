import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import type { Type } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';

import { RUNTIME_CONFIG } from '../core/runtime-config';

// Spec helpers (imported by specs only, never by the app).

/** The API base URL the specs' RUNTIME_CONFIG names. */
export const API = 'http://api.test';

/** Creates `component` against a testing HttpClient and an API at `API`; returns its fixture and the controller. */
export function createWithApi<C>(component: Type<C>): { fixture: ComponentFixture<C>; http: HttpTestingController } {
  TestBed.configureTestingModule({
    imports: [component],
    providers: [
      provideHttpClient(),
      provideHttpClientTesting(),
      { provide: RUNTIME_CONFIG, useValue: { backendUrl: API, explorerUrl: '' } },
    ],
  });
  return { fixture: TestBed.createComponent(component), http: TestBed.inject(HttpTestingController) };
}

/** Finds, clicks and types by `data-testid` in a fixture, running change detection after each action. */
export function byTestId(fixture: ComponentFixture<unknown>) {
  const el = fixture.nativeElement as HTMLElement;
  const $ = <T extends Element = HTMLElement>(id: string, root: ParentNode = el) =>
    root.querySelector(`[data-testid="${id}"]`) as T;
  const click = (id: string, root: ParentNode = el) => {
    $(id, root).click();
    fixture.detectChanges();
  };
  /** Sets an input's, a textarea's or a select's value and sends the event the template listens to. */
  const type = (id: string, value: string) => {
    const control = $<HTMLInputElement>(id);
    control.value = value;
    control.dispatchEvent(new Event(control.tagName === 'SELECT' ? 'change' : 'input'));
    fixture.detectChanges();
  };
  return { el, $, click, type };
}
