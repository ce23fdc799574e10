import { ChangeDetectionStrategy, Component } from '@angular/core';

import { LiveDashboardComponent } from './features/live/live-dashboard.component';

@Component({
  selector: 'aura-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [LiveDashboardComponent],
  template: '<aura-live-dashboard />',
})
export class App {}
