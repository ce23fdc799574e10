import { type HttpClient, HttpParams } from '@angular/common/http';
import type { Observable } from 'rxjs';

import type { paths } from './openapi.gen';

// A typed GET over Angular's HttpClient: routes, parameters and answers come from the types generated from
// the API's OpenAPI document (openapi.gen.ts), so a change of the REST contract fails the dashboard's build.

/** The routes that answer a GET with JSON. */
export type JsonRoute = {
  [R in keyof paths]: paths[R]['get'] extends JsonOperation<unknown> ? R : never;
}[keyof paths];

interface JsonOperation<A> {
  responses: { 200: { content: { 'application/json': A } } };
}

/** What a route answers with 200. */
export type RouteAnswer<R extends JsonRoute> = paths[R]['get'] extends JsonOperation<infer A> ? A : never;

/** A route's path and query parameters, as the document declares them (path parameters required). */
export type RouteParams<R extends JsonRoute> = paths[R]['get'] extends { parameters: infer P }
  ? Pick<P, 'path' & keyof P> & Pick<P, 'query' & keyof P>
  : never;

type ParamValue = string | number | boolean | readonly (string | number | boolean)[] | undefined;

/**
 * GET `route` under `baseUrl`, with its `{name}` segments filled from `params.path`. Query values left
 * undefined are not sent; arrays are sent comma-separated (`type=block,transaction`), as the API reads them.
 */
export function getJson<R extends JsonRoute>(
  http: HttpClient,
  baseUrl: string,
  route: R,
  ...[params]: object extends RouteParams<R> ? [RouteParams<R>?] : [RouteParams<R>]
): Observable<RouteAnswer<R>> {
  const { path = {}, query = {} } = (params ?? {}) as {
    path?: Record<string, string | number>;
    query?: Record<string, ParamValue>;
  };
  const url = route.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(path[name])));
  let search = new HttpParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    search = search.set(name, Array.isArray(value) ? value.join(',') : String(value));
  }
  return http.get<RouteAnswer<R>>(`${baseUrl}${url}`, { params: search });
}
