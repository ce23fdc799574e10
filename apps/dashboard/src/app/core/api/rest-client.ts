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
  const url = fillPath(route, path);
  let search = new HttpParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    search = search.set(name, Array.isArray(value) ? value.join(',') : String(value));
  }
  return http.get<RouteAnswer<R>>(`${baseUrl}${url}`, { params: search });
}

interface CreatedOperation<A> {
  responses: { 201: { content: { 'application/json': A } } };
}

/** The routes that answer a POST with 201 and JSON. */
export type PostRoute = {
  [R in keyof paths]: paths[R]['post'] extends CreatedOperation<unknown> ? R : never;
}[keyof paths];

/** What a route answers a POST with (201). */
export type PostAnswer<R extends PostRoute> = paths[R]['post'] extends CreatedOperation<infer A> ? A : never;

/** A POST route's JSON body; `null` for a route that takes none. */
export type PostBody<R extends PostRoute> = paths[R]['post'] extends {
  requestBody: { content: { 'application/json': infer B } };
}
  ? B
  : null;

/** POST `body` as JSON to `route` under `baseUrl`. */
export function postJson<R extends PostRoute>(
  http: HttpClient,
  baseUrl: string,
  route: R,
  body: PostBody<R>,
): Observable<PostAnswer<R>> {
  return http.post<PostAnswer<R>>(`${baseUrl}${route}`, body);
}

/** The routes that answer a DELETE with 204. */
export type DeleteRoute = {
  [R in keyof paths]: paths[R]['delete'] extends { responses: { 204: unknown } } ? R : never;
}[keyof paths];

type DeletePath<R extends DeleteRoute> = paths[R]['delete'] extends { parameters: { path: infer P } } ? P : never;

/** DELETE `route` under `baseUrl`, with its `{name}` segments filled from `path`. */
export function deleteRoute<R extends DeleteRoute>(
  http: HttpClient,
  baseUrl: string,
  route: R,
  path: DeletePath<R>,
): Observable<void> {
  return http.delete<void>(`${baseUrl}${fillPath(route, path as Record<string, string | number>)}`);
}

/** The methods that send a JSON body (or none) and answer JSON. */
type SendMethod = 'post' | 'put' | 'patch';

/** What an operation answers with JSON: with 201, or else with 200. */
type JsonAnswerOf<Op> = Op extends { responses: { 201: { content: { 'application/json': infer A } } } }
  ? A
  : Op extends { responses: { 200: { content: { 'application/json': infer A } } } }
    ? A
    : never;

/** The routes whose `method` answers JSON (200 or 201). */
export type SendRoute<M extends SendMethod> = {
  [R in keyof paths]: [JsonAnswerOf<paths[R][M]>] extends [never] ? never : R;
}[keyof paths];

/** What `method` on `route` answers. */
export type SendAnswer<M extends SendMethod, R extends SendRoute<M>> = JsonAnswerOf<paths[R][M]>;

/** A route's path parameters (required when it has some) and JSON body (required when it takes one). */
type SendOptions<Op> = (Op extends { parameters: { path: infer P } } ? { path: P } : { path?: never }) &
  (Op extends { requestBody: { content: { 'application/json': infer B } } } ? { body: B } : { body?: null });

/**
 * POST, PUT or PATCH `options.body` as JSON to `route` under `baseUrl`, with its `{name}` segments filled from
 * `options.path`; the answer is typed from the document (200 or 201).
 */
export function sendJson<M extends SendMethod, R extends SendRoute<M>>(
  http: HttpClient,
  baseUrl: string,
  method: M,
  route: R,
  options: SendOptions<paths[R][M]>,
): Observable<SendAnswer<M, R>> {
  const { path = {}, body = null } = options as { path?: Record<string, string | number>; body?: unknown };
  return http.request<SendAnswer<M, R>>(method.toUpperCase(), `${baseUrl}${fillPath(route, path)}`, { body });
}

function fillPath(route: string, path: Record<string, string | number>): string {
  return route.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(path[name])));
}
