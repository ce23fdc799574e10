// Links into a block explorer (Etherscan-style paths: /block/N, /tx/0x…, /address/0x…).

export type ExplorerPage = 'block' | 'tx' | 'address';

/** The explorer page of a block, transaction or address; null when no explorer is configured. */
export function explorerLink(
  baseUrl: string | null | undefined,
  page: ExplorerPage,
  id: string | number,
): string | null {
  if (!baseUrl) return null;
  return `${baseUrl.replace(/\/+$/, '')}/${page}/${id}`;
}
