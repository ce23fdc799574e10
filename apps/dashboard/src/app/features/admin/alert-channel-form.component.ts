import { ChangeDetectionStrategy, Component, computed, inject, input, linkedSignal, output } from '@angular/core';

import { type Channel, CHANNEL_TYPES, type ChannelType } from '@aura/events';

import { CHANNEL_TYPE_LABELS } from './alert-text';
import { AlertsApi, type ChannelRequest } from './alerts-api.service';
import {
  CHANNEL_FIELDS,
  type ChannelDraft,
  channelDraftOf,
  channelFieldErrors,
  checkChannel,
  EMPTY_CHANNEL,
  isSecretField,
} from './channel-draft';
import { DraftFormComponent } from './draft-form.component';
import { describedBy } from './field-errors';
import { formSubmission } from './form-submission';

type SettingsField = Exclude<keyof ChannelDraft, 'name' | 'type'>;
const FIELD_META: Record<SettingsField, { label: string; input: 'text' | 'url' | 'password' | 'list'; hint?: string }> =
  {
    url: { label: 'URL', input: 'url', hint: 'Receives a JSON POST signed with X-Aura-Signature.' },
    secret: { label: 'Signing secret', input: 'password', hint: 'At least 16 characters.' },
    previousSecret: {
      label: 'Previous secret (optional)',
      input: 'password',
      hint: 'During a rotation: requests are signed with both.',
    },
    webhookUrl: { label: 'Incoming webhook URL', input: 'password' },
    botToken: { label: 'Bot token', input: 'password' },
    chatId: { label: 'Chat id', input: 'text', hint: 'Digits, or @channelname.' },
    routingKey: { label: 'Routing key', input: 'password', hint: 'The Events API v2 integration key.' },
    to: { label: 'Recipients', input: 'list', hint: 'E-mail addresses, one per line or comma-separated.' },
  };

/**
 * Creates or edits one channel: its type's settings, secrets as password fields. The API never shows a secret
 * again: on an edit the field is empty, and left empty it keeps the stored value.
 */
@Component({
  selector: 'aura-alert-channel-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DraftFormComponent],
  templateUrl: './alert-channel-form.component.html',
  styleUrl: './alerts.css',
})
export class AlertChannelFormComponent {
  private readonly api = inject(AlertsApi);

  /** The channel to edit; null creates one. */
  readonly channel = input<Channel | null>(null);
  readonly saved = output<Channel>();
  readonly cancelled = output<void>();

  protected readonly types = CHANNEL_TYPES;
  protected readonly typeLabels = CHANNEL_TYPE_LABELS;
  protected readonly meta = FIELD_META;
  protected readonly draft = linkedSignal<ChannelDraft>(() => {
    const channel = this.channel();
    return channel ? channelDraftOf(channel) : EMPTY_CHANNEL;
  });
  protected readonly fields = computed(() => CHANNEL_FIELDS[this.draft().type] as readonly SettingsField[]);
  protected readonly bodyFields = ['', 'settings', 'settings.type'];
  protected readonly submission = formSubmission({
    check: () => {
      const channel = this.channel();
      return checkChannel(this.draft(), channel !== null && channel.type === this.draft().type);
    },
    send: (request: ChannelRequest) => {
      const channel = this.channel();
      return channel ? this.api.updateChannel(channel.id, request) : this.api.createChannel(request);
    },
    refusal: channelFieldErrors,
    saved: (stored) => this.saved.emit(stored),
  });
  protected readonly errors = this.submission.errors;

  protected set(key: keyof ChannelDraft, value: string): void {
    this.draft.update((d) => ({ ...d, [key]: value }));
    this.submission.changed();
  }

  protected setType(type: string): void {
    this.set('type', type as ChannelType);
  }

  /** On an edit, what a secret field shows while empty: the stored value's mask. */
  protected kept(field: SettingsField): string | null {
    const channel = this.channel();
    if (!channel || !isSecretField(channel.type, field) || channel.type !== this.draft().type) return null;
    const mask = channel.settings[field];
    return typeof mask === 'string' ? mask : null;
  }

  protected describedBy(field: SettingsField): string | null {
    const hint = FIELD_META[field].hint || this.kept(field) ? `channel-hint-${field}` : undefined;
    return describedBy(this.errors(), 'channel', `settings.${field}`, hint);
  }
}
