export const ADDRESS_PATTERN = /^0x[0-9a-fA-F]{40}$/;
export const TX_HASH_PATTERN = /^0x[0-9a-fA-F]{64}$/;
