export * from './channel-config';
export * from './channel-sender';
export * from './send-outcome';
export * from './webhook-signature';
