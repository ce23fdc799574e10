import { explorerLink } from './explorer-link';

describe('explorerLink', () => {
  it('builds Etherscan-style paths, without a doubled slash', () => {
    expect(explorerLink('https://amoy.polygonscan.com', 'block', 12)).toBe('https://amoy.polygonscan.com/block/12');
    expect(explorerLink('https://amoy.polygonscan.com/', 'tx', '0xab')).toBe('https://amoy.polygonscan.com/tx/0xab');
  });

  it('gives no link without an explorer', () => {
    expect(explorerLink('', 'address', '0x12')).toBeNull();
    expect(explorerLink(null, 'address', '0x12')).toBeNull();
  });
});
