import { provideHttpClient, withFetch, withInterceptors } from '@angular/common/http';
import { type ApplicationConfig, provideBrowserGlobalErrorListeners } from '@angular/core';
import { provideRouter } from '@angular/router';

import { routes } from './app.routes';
import { authInterceptor } from './core/auth/auth.interceptor';
import { AuthSession } from './core/auth/auth-session';
import { SOCKET_AUTH } from './core/monitor-socket.service';
import { RUNTIME_CONFIG, type RuntimeConfig } from './core/runtime-config';

export function appConfig(runtime: RuntimeConfig): ApplicationConfig {
  return {
    providers: [
      provideBrowserGlobalErrorListeners(),
      provideHttpClient(withFetch(), withInterceptors([authInterceptor])),
      provideRouter(routes),
      { provide: RUNTIME_CONFIG, useValue: runtime },
      { provide: SOCKET_AUTH, useExisting: AuthSession },
    ],
  };
}
