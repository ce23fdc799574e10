import { type CanActivate, type ExecutionContext, Injectable, type OnModuleInit } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerException,
  type ThrottlerGenerateKeyFunction,
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  throttlerMessage,
  type ThrottlerModuleOptions,
  type ThrottlerOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import {
  THROTTLER_BLOCK_DURATION,
  THROTTLER_KEY_GENERATOR,
  THROTTLER_LIMIT,
  THROTTLER_SKIP,
  THROTTLER_TRACKER,
  THROTTLER_TTL,
} from '@nestjs/throttler/dist/throttler.constants';
import type { Request, Response } from 'express';

import { ThrottlerHitLog, trackerOf } from './throttler-storage';

/** What a route's request does with one throttler, read once per route (decorators are static). */
interface RouteLimit {
  name: string;
  skip: boolean;
  skipIf: ((context: ExecutionContext) => boolean) | undefined;
  limit: number;
  ttl: number;
  blockDuration: number;
  generateKey: ThrottlerGenerateKeyFunction;
  setHeaders: boolean;
  /** '' for the default throttler, else `-name`: the headers' suffix. */
  suffix: string;
}

/**
 * @nestjs/throttler's ThrottlerGuard, its answers and headers unchanged, without a promise per step: the
 * guard awaits each of its options and lookups (ten promises a request, each tracked by the request
 * logger's AsyncLocalStorage) and reads ten decorator metadata entries per request. Here a route's plan
 * is read once, and a request is counted synchronously in ThrottlerHitLog. Anything the plan does not
 * cover (an option given as a function, @Throttle on the route, a tracker other than trackerOf, another
 * storage, ignored user agents) goes to the ThrottlerGuard itself.
 */
@Injectable()
export class RateLimitGuard implements CanActivate, OnModuleInit {
  private readonly guard: ThrottlerGuard;
  private readonly plans = new WeakMap<object, Map<object, RouteLimit[] | null>>();
  private throttlers: (ThrottlerOptions & { name: string })[] = [];

  constructor(
    @InjectThrottlerOptions() private readonly options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() private readonly storage: ThrottlerStorage,
    private readonly reflector: Reflector,
  ) {
    this.guard = new ThrottlerGuard(options, storage, reflector);
  }

  async onModuleInit(): Promise<void> {
    await this.guard.onModuleInit();
    // The ThrottlerGuard's order: by ttl, named.
    const list = Array.isArray(this.options) ? this.options : this.options.throttlers;
    this.throttlers = [...list]
      .sort((a, b) => (typeof a.ttl === 'function' ? 1 : typeof b.ttl === 'function' ? 0 : a.ttl - b.ttl))
      .map((t) => ({ ...t, name: t.name ?? 'default' }));
  }

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const plan = this.planFor(context);
    if (!plan) return this.guard.canActivate(context);
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const storage = this.storage as ThrottlerHitLog;
    for (const t of plan) {
      if (t.skip || t.skipIf?.(context)) continue;
      const tracker = trackerOf(req as unknown as Record<string, unknown>);
      const key = t.generateKey(context, tracker, t.name);
      const hit = storage.incrementNow(key, t.ttl, t.limit, t.blockDuration, t.name);
      if (hit.isBlocked) {
        if (t.setHeaders) res.header(`Retry-After${t.suffix}`, String(hit.timeToBlockExpire));
        throw new ThrottlerException(this.message(context, { ...hit, limit: t.limit, ttl: t.ttl, key, tracker }));
      }
      if (t.setHeaders) {
        res.header(`X-RateLimit-Limit${t.suffix}`, String(t.limit));
        res.header(`X-RateLimit-Remaining${t.suffix}`, String(Math.max(0, t.limit - hit.totalHits)));
        res.header(`X-RateLimit-Reset${t.suffix}`, String(hit.timeToExpire));
      }
    }
    return true;
  }

  private message(context: ExecutionContext, detail: ThrottlerLimitDetail): string {
    const given = Array.isArray(this.options) ? undefined : this.options.errorMessage;
    if (!given) return throttlerMessage;
    return typeof given === 'function' ? given(context, detail) : given;
  }

  private planFor(context: ExecutionContext): RouteLimit[] | null {
    const handler = context.getHandler();
    const classRef = context.getClass();
    let byClass = this.plans.get(handler);
    if (!byClass) this.plans.set(handler, (byClass = new Map()));
    let plan = byClass.get(classRef);
    if (plan === undefined) byClass.set(classRef, (plan = this.readPlan(handler, classRef)));
    return plan;
  }

  /** The route's plan, or null when the ThrottlerGuard must decide (see the class comment). */
  private readPlan(handler: object, classRef: object): RouteLimit[] | null {
    if (Array.isArray(this.options) || !(this.storage instanceof ThrottlerHitLog)) return null;
    const common = this.options;
    if (common.ignoreUserAgents || common.getTracker !== trackerOf || !common.generateKey) return null;
    const targets = [handler as () => void, classRef as new () => unknown];
    const plan: RouteLimit[] = [];
    for (const t of this.throttlers) {
      const overridden = [
        THROTTLER_LIMIT,
        THROTTLER_TTL,
        THROTTLER_BLOCK_DURATION,
        THROTTLER_TRACKER,
        THROTTLER_KEY_GENERATOR,
      ]
        .map((k) => this.reflector.getAllAndOverride<unknown>(k + t.name, targets))
        .some((v) => v !== undefined);
      const blockDuration = t.blockDuration ?? t.ttl;
      if (
        overridden ||
        t.ignoreUserAgents ||
        t.getTracker ||
        typeof t.limit !== 'number' ||
        typeof t.ttl !== 'number' ||
        typeof blockDuration !== 'number'
      )
        return null;
      plan.push({
        name: t.name,
        skip: !!this.reflector.getAllAndOverride<boolean>(THROTTLER_SKIP + t.name, targets),
        skipIf: t.skipIf || common.skipIf,
        limit: t.limit,
        ttl: t.ttl,
        blockDuration,
        generateKey: t.generateKey || common.generateKey,
        setHeaders: t.setHeaders ?? common.setHeaders ?? true,
        suffix: t.name === 'default' ? '' : `-${t.name}`,
      });
    }
    return plan;
  }
}
