import { Logger } from '@nestjs/common';

import { createApp } from './bootstrap';
import { type AppConfig, ConfigError } from './config/app-config';
import { APP_CONFIG } from './config/app-config.provider';

async function main(): Promise<void> {
  const app = await createApp();
  const config = app.get<AppConfig>(APP_CONFIG);
  await app.listen(config.port);
  const log = new Logger('Bootstrap');
  if (config.devnetEnvFile) log.log(`chain settings read from ${config.devnetEnvFile}`);
  log.log(
    `API on http://localhost:${config.port}/api/monitor  docs /api/docs  WebSocket ws://localhost:${config.port}/ws/monitor`,
  );
}

main().catch((err: unknown) => {
  // Find a ConfigError however Nest wrapped it, and print only what the operator must fix.
  let cause: unknown = err;
  while (cause && !(cause instanceof ConfigError) && cause instanceof Error && cause.cause) cause = cause.cause;
  if (cause instanceof ConfigError) {
    console.error(cause.message);
  } else {
    console.error('Aura Monitor API failed to start:', err instanceof Error ? err.message : err);
  }
  process.exit(1);
});
