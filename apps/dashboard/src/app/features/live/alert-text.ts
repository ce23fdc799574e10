import type { AlertMessageKind, AlertSeverity } from '@aura/events';

export const ALERT_KIND_LABELS: Record<AlertMessageKind, string> = {
  fired: 'Fired',
  resolved: 'Resolved',
  retracted: 'Retracted',
  test: 'Test',
};

export const SEVERITY_LABELS: Record<AlertSeverity, string> = {
  info: 'Info',
  warning: 'Warning',
  critical: 'Critical',
};
