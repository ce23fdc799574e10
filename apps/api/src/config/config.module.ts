import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { Global, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';

import { type AppConfig, ENV_VARIABLES, type EnvSource, parseAppConfig, parseEnvFile } from './app-config';
import { APP_CONFIG } from './app-config.provider';

@Global()
@Module({
  imports: [ConfigModule.forRoot({ envFilePath: '.env', cache: true })],
  providers: [
    {
      provide: APP_CONFIG,
      inject: [ConfigService],
      useFactory: (config: ConfigService): AppConfig => {
        const devnetFile = resolve(config.get<string>('DEVNET_ENV_FILE') ?? '.devnet/devnet.env');
        const devnet = existsSync(devnetFile) ? parseEnvFile(readFileSync(devnetFile, 'utf8')) : null;
        const env: EnvSource = {};
        for (const name of ENV_VARIABLES) env[name] = config.get<string>(name);
        return parseAppConfig(env, devnet, devnet ? devnetFile : null);
      },
    },
  ],
  exports: [APP_CONFIG],
})
export class AppConfigModule {}
