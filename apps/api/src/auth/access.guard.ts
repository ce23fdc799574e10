import { timingSafeEqual } from 'node:crypto';

import { type CanActivate, type ExecutionContext, HttpException, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';

import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.provider';
import { ACCESS_METADATA, type RouteAccess } from './access.decorators';
import { AccessControl, isRefusal, type Refusal } from './access-control.service';
import { ANONYMOUS, credentialOf, type Principal, type Role } from './access-roles';

export type AuthenticatedRequest = Request & { principal?: Principal };

const VIEWER: RouteAccess = { role: 'viewer' };

/**
 * Every REST route's access, before anything else runs: 401 without a valid credential, 403 below the
 * route's role, 429 beyond the key's rate limit, all in the one error shape. Each route's rule is read
 * once (not per request): a request costs a header read, a SHA-256 and a map lookup.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly plans = new Map<unknown, RouteAccess>();
  private readonly metricsToken: Buffer | null;

  constructor(
    private readonly access: AccessControl,
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.metricsToken = config.metricsToken ? Buffer.from(config.metricsToken) : null;
  }

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const plan = this.planOf(context);
    if ('public' in plan) return true;
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    // AUTH_MODE=off, and no METRICS_TOKEN to check: nothing to read on the request.
    if (!this.access.enabled && !(plan.metricsToken && this.metricsToken)) {
      req.principal = ANONYMOUS;
      return true;
    }
    const credential = credentialOf(req.headers);
    if (plan.metricsToken && this.metricsToken && credential !== null && this.isMetricsToken(credential)) {
      req.principal = { kind: 'metrics-token', id: null, name: 'METRICS_TOKEN', role: 'viewer' };
      return true;
    }
    // /metrics with its own token set is closed to everything else, also in AUTH_MODE=off.
    if (!this.access.enabled) throw new HttpException('send METRICS_TOKEN as a bearer token', 401);
    // A key seen lately is answered from memory without a promise; anything else is looked up.
    const known = this.access.authenticateFromMemory(credential, req.ip ?? null);
    if (known !== null) return this.admit(req, context, plan.role, known);
    return this.access.authenticate(credential, req.ip ?? null).then((p) => this.admit(req, context, plan.role, p));
  }

  private admit(
    req: AuthenticatedRequest,
    context: ExecutionContext,
    role: Role,
    principal: Principal | Refusal,
  ): boolean {
    const refusal = isRefusal(principal)
      ? principal
      : (this.access.authorize(principal, role) ?? this.access.countRequest(principal));
    if (refusal) {
      if (refusal.retryAfterSeconds !== undefined)
        context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(refusal.retryAfterSeconds));
      if (refusal.status === 401)
        context.switchToHttp().getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer');
      throw new HttpException(refusal.message, refusal.status);
    }
    req.principal = principal as Principal;
    return true;
  }

  private isMetricsToken(credential: string): boolean {
    const given = Buffer.from(credential);
    return (
      this.metricsToken !== null &&
      given.length === this.metricsToken.length &&
      timingSafeEqual(given, this.metricsToken)
    );
  }

  private planOf(context: ExecutionContext): RouteAccess {
    const handler = context.getHandler();
    let plan = this.plans.get(handler);
    if (!plan) {
      plan =
        this.reflector.getAllAndOverride<RouteAccess | undefined>(ACCESS_METADATA, [handler, context.getClass()]) ??
        VIEWER;
      this.plans.set(handler, plan);
    }
    return plan;
  }
}
