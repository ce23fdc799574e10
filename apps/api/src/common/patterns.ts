// The wire format's patterns, from the shared lib (one definition for the API, the dashboard and tools).
export { ADDRESS_RE as ADDRESS_PATTERN, HASH_RE as TX_HASH_PATTERN } from '@aura/events';
