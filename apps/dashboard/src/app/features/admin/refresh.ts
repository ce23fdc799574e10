import { filter, fromEvent, interval, merge, type Observable, startWith } from 'rxjs';

/** How often the admin panels read their data again while the page is visible. */
export const REFRESH_MS = 5_000;

/**
 * Ticks at once, then every `everyMs` while the document is visible, and again when it becomes visible:
 * a hidden tab costs the API nothing.
 */
export function whileVisible(doc: Document, everyMs = REFRESH_MS): Observable<unknown> {
  const visible = () => doc.visibilityState !== 'hidden';
  return merge(interval(everyMs).pipe(filter(visible)), fromEvent(doc, 'visibilitychange').pipe(filter(visible))).pipe(
    startWith(0),
  );
}
