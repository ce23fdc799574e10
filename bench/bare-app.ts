// The floor for `npm run bench:rest`: a bare NestJS app (@nestjs/core + platform-express, no middleware,
// no guards, pipes, filters or logger) with one controller answering GET /api/monitor/stats with the
// fixed body in BARE_BODY (the API's own /stats answer, so the same size). Started by bench/rest.ts.
import 'reflect-metadata';

// The floor is a NestJS app by definition: the one benchmark file allowed to import Nest (tooling is not).
// eslint-disable-next-line @nx/enforce-module-boundaries
import { Controller, Get, Module } from '@nestjs/common';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { NestFactory } from '@nestjs/core';

const body = JSON.parse(process.env['BARE_BODY'] ?? '{}') as Record<string, unknown>;

@Controller('api/monitor')
class BareController {
  // The object, not a string: Nest serializes it per request as it does the API's answers.
  @Get('stats')
  stats(): Record<string, unknown> {
    return body;
  }
}

@Module({ controllers: [BareController] })
class BareModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create(BareModule, { logger: false });
  await app.listen(Number(process.env['PORT']));
  console.log(`bare app on ${process.env['PORT']}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
