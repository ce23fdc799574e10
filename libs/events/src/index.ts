export * from './lib/block-tracker';
export * from './lib/client-frames';
export * from './lib/monitor-client';
export * from './lib/rest';
export * from './lib/seq-tracker';
export * from './lib/server-frames';
export * from './lib/validators';
