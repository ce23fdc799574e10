// The patterns of the wire format, once: the frame schemas, the API's DTOs and query checks, the
// dashboard and the tools all use these (JSON Schema takes the string form, code the RegExp).

export const ADDRESS_PATTERN = '^0x[0-9a-fA-F]{40}$';
export const HASH_PATTERN = '^0x[0-9a-fA-F]{64}$';
export const HEX_PATTERN = '^0x[0-9a-fA-F]+$';
/** A non-negative decimal integer without leading zeros (wei amounts, token ids). */
export const DECIMAL_PATTERN = '^(0|[1-9][0-9]*)$';
/** A server process's instance id (`epoch`). */
export const EPOCH_PATTERN = '^[0-9A-Za-z_-]{8,64}$';

export const ADDRESS_RE = new RegExp(ADDRESS_PATTERN);
export const HASH_RE = new RegExp(HASH_PATTERN);
export const HEX_RE = new RegExp(HEX_PATTERN);
export const DECIMAL_RE = new RegExp(DECIMAL_PATTERN);
export const EPOCH_RE = new RegExp(EPOCH_PATTERN);
/** ISO-8601 date-time, with or without fraction and zone (the seed's example has neither). */
export const ISO_DATE_TIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

export const isAddress = (v: unknown): v is string => typeof v === 'string' && ADDRESS_RE.test(v);
export const isHash = (v: unknown): v is string => typeof v === 'string' && HASH_RE.test(v);
export const isEpoch = (v: unknown): v is string => typeof v === 'string' && EPOCH_RE.test(v);
