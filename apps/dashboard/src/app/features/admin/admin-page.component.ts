import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterLink } from '@angular/router';

import { AuthSession } from '../../core/auth/auth-session';
import { ThemeService } from '../../core/theme.service';
import { AlertsPanelComponent } from './alerts-panel.component';
import { AuditPanelComponent } from './audit-panel.component';
import { ClientsPanelComponent } from './clients-panel.component';
import { DatabasePanelComponent } from './database-panel.component';
import { FollowerPanelComponent } from './follower-panel.component';
import { KeysPanelComponent } from './keys-panel.component';

/**
 * The admin page (/admin, loaded on demand): operators see the follower, database and clients read-only, admins
 * also the keys and the audit log; operators and admins manage the alerting (rules, channels, deliveries); in
 * AUTH_MODE=off everything is open.
 */
@Component({
  selector: 'aura-admin-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    AlertsPanelComponent,
    AuditPanelComponent,
    ClientsPanelComponent,
    DatabasePanelComponent,
    FollowerPanelComponent,
    KeysPanelComponent,
    RouterLink,
  ],
  templateUrl: './admin-page.component.html',
  styleUrl: './admin-page.component.css',
})
export class AdminPageComponent {
  protected readonly session = inject(AuthSession);
  protected readonly theme = inject(ThemeService);
}
