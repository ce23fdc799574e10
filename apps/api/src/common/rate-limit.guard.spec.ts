import { Controller, Get } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { SkipThrottle, Throttle, ThrottlerGuard, type ThrottlerModuleOptions } from '@nestjs/throttler';

import { RateLimitGuard } from './rate-limit.guard';
import { ThrottlerHitLog, trackerOf } from './throttler-storage';

@Controller()
class Routes {
  @Get('a') plain(): string {
    return 'a';
  }
  @SkipThrottle() @Get('b') skipped(): string {
    return 'b';
  }
  @Throttle({ default: { limit: 2, ttl: 10_000 } }) @Get('c') overridden(): string {
    return 'c';
  }
}

@SkipThrottle()
@Controller()
class Probes {
  @Get('d') probe(): string {
    return 'd';
  }
}

const ROUTES: [object, (...args: never[]) => unknown][] = [
  [Routes, Routes.prototype.plain],
  [Routes, Routes.prototype.skipped],
  [Routes, Routes.prototype.overridden],
  [Probes, Probes.prototype.probe],
];

function optionsWith(skip: () => boolean): ThrottlerModuleOptions {
  return {
    throttlers: [{ name: 'default', ttl: 60_000, limit: 4 }],
    skipIf: skip,
    generateKey: (_context, tracker, name) => `${name}:${tracker}`,
    getTracker: trackerOf,
    storage: new ThrottlerHitLog(),
  };
}

/** Runs a guard on one request; what the client would see of it. */
async function outcome(
  guard: { canActivate(c: ExecutionContextHost): boolean | Promise<boolean> },
  route: number,
  ip: string,
) {
  const headers: Record<string, string> = {};
  const res = {
    header: (name: string, value: unknown) => (headers[name] = String(value)),
    setHeader: (name: string, value: unknown) => (headers[name] = String(value)),
  };
  const [classRef, handler] = ROUTES[route] as [object, () => unknown];
  const context = new ExecutionContextHost([{ ip, headers: {} }, res, () => undefined], classRef as never, handler);
  try {
    return { allowed: await guard.canActivate(context), headers };
  } catch (err) {
    return { refused: `${(err as Error).constructor.name}: ${(err as Error).message}`, headers };
  }
}

describe('RateLimitGuard', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_700_000_000_000 }));
  afterEach(() => jest.useRealTimers());

  it('allows, refuses and sets headers as ThrottlerGuard does, request for request', async () => {
    let skipAll = false;
    const ours = new RateLimitGuard(...deps(optionsWith(() => skipAll)));
    const reference = new ThrottlerGuard(...deps(optionsWith(() => skipAll)));
    await Promise.all([ours.onModuleInit(), reference.onModuleInit()]);
    let refused = 0;
    for (let i = 0; i < 400; i++) {
      if (i % 7 === 0) jest.advanceTimersByTime(i % 21 === 0 ? 65_000 : 1_500);
      skipAll = i % 50 === 49;
      const route = (i * 7) % ROUTES.length;
      const ip = ['203.0.113.7', '::ffff:198.51.100.2', '2001:db8::1'][i % 3] as string;
      const expected = await outcome(reference, route, ip);
      expect({ i, route, ip, got: await outcome(ours, route, ip) }).toEqual({ i, route, ip, got: expected });
      if (expected.refused) refused++;
    }
    expect(refused).toBeGreaterThan(20);
  });

  it('answers without a promise on a route it plans for', async () => {
    const guard = new RateLimitGuard(...deps(optionsWith(() => false)));
    await guard.onModuleInit();
    const res = { header: () => undefined };
    const plain = new ExecutionContextHost([{ ip: '203.0.113.9', headers: {} }, res], Routes, Routes.prototype.plain);
    expect(guard.canActivate(plain)).toBe(true);
    // @Throttle on the route: ThrottlerGuard decides (a promise).
    const overridden = new ExecutionContextHost(
      [{ ip: '203.0.113.9', headers: {} }, res],
      Routes,
      Routes.prototype.overridden,
    );
    expect(guard.canActivate(overridden)).toBeInstanceOf(Promise);
  });
});

function deps(options: ThrottlerModuleOptions): [ThrottlerModuleOptions, ThrottlerHitLog, Reflector] {
  return [options, (options as unknown as { storage: ThrottlerHitLog }).storage, new Reflector()];
}
