import type { Routes } from '@angular/router';

import { oidcCallbackGuard } from './core/auth/oidc-callback.guard';
import { adminGuard } from './features/admin/admin.guard';
import { LiveDashboardComponent } from './features/live/live-dashboard.component';

export const routes: Routes = [
  { path: '', component: LiveDashboardComponent, title: 'Aura Monitor' },
  {
    path: 'admin',
    canActivate: [adminGuard],
    loadComponent: () => import('./features/admin/admin-page.component').then((m) => m.AdminPageComponent),
    title: 'Aura Monitor · Admin',
  },
  // Never shown: its guard completes the sign-in with the identity provider and redirects to the live page.
  { path: 'auth/callback', canActivate: [oidcCallbackGuard], children: [] },
  { path: '**', redirectTo: '' },
];
