import { Contract, type InterfaceAbi, JsonRpcProvider, NonceManager, Wallet } from 'ethers';

import { AURA_BADGE, AURA_PASSPORT } from '@aura/contracts';
import { DEV_KEYS } from '@aura/tools/devnet/deploy';

/** Sends real transactions to the test node as the contracts' minter. */
export class ChainActions {
  readonly provider: JsonRpcProvider;
  private readonly signer: NonceManager;
  readonly badge: Contract;
  readonly passport: Contract;

  constructor(rpcUrl: string, addresses: { badge: string; passport: string }) {
    this.provider = new JsonRpcProvider(rpcUrl, undefined, {
      staticNetwork: true,
      polling: true,
      pollingInterval: 100,
    });
    this.signer = new NonceManager(new Wallet(DEV_KEYS[0], this.provider));
    this.badge = new Contract(addresses.badge, AURA_BADGE.abi as InterfaceAbi, this.signer);
    this.passport = new Contract(addresses.passport, AURA_PASSPORT.abi as InterfaceAbi, this.signer);
  }

  /** Mints a badge to `to`; resolves with the receipt's block number and tx hash. */
  async mintBadge(to: string): Promise<{ blockNumber: number; txHash: string }> {
    const tx = await this.badge.getFunction('mint')(to);
    const receipt = await tx.wait();
    return { blockNumber: receipt.blockNumber, txHash: receipt.hash };
  }

  /**
   * Bulk set-up: the node's unlocked minter account sends the mint (no signing, no gas estimate), and
   * under automine it is mined on return. The signer's cached nonce is then stale: reset it.
   */
  async sendMint(to: string): Promise<string> {
    const from = await this.signer.getAddress();
    const data = this.badge.interface.encodeFunctionData('mint', [to]);
    const hash = await this.provider.send('eth_sendTransaction', [
      { from, to: await this.badge.getAddress(), data, gas: '0x40000' },
    ]);
    this.signer.reset();
    return hash as string;
  }

  async issuePassport(to: string): Promise<{ blockNumber: number; txHash: string }> {
    const tx = await this.passport.getFunction('issue')(to);
    const receipt = await tx.wait();
    return { blockNumber: receipt.blockNumber, txHash: receipt.hash };
  }

  async revokeBadge(tokenId: bigint): Promise<{ blockNumber: number; txHash: string }> {
    const tx = await this.badge.getFunction('revoke')(tokenId);
    const receipt = await tx.wait();
    return { blockNumber: receipt.blockNumber, txHash: receipt.hash };
  }

  /** After evm_revert the chain forgot transactions: the cached nonce must be read again. */
  resetNonce(): void {
    this.signer.reset();
  }

  close(): void {
    this.provider.destroy();
  }
}

export const randomAddress = () => Wallet.createRandom().address.toLowerCase();
