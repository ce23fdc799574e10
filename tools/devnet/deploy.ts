// Deploys AuraBadge and AuraPassport with Hardhat's well-known account #0 as admin and minter.
import { ContractFactory, type InterfaceAbi, JsonRpcProvider, NonceManager, Wallet } from 'ethers';

import { AURA_BADGE, AURA_PASSPORT, type ContractArtifact } from '@aura/contracts';

/** Hardhat's default account #0 and #1: public test keys, worthless anywhere but a local node. */
export const DEV_KEYS = [
  '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
  '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
] as const;

export interface DeployedContracts {
  badge: string;
  passport: string;
  admin: string;
}

export async function deployContracts(rpcUrl: string): Promise<DeployedContracts> {
  const provider = new JsonRpcProvider(rpcUrl, undefined, { staticNetwork: true, polling: true, pollingInterval: 250 });
  const wallet = new Wallet(DEV_KEYS[0], provider);
  const signer = new NonceManager(wallet);
  const deploy = async (artifact: ContractArtifact) => {
    const factory = new ContractFactory(artifact.abi as InterfaceAbi, artifact.bytecode, signer);
    const contract = await factory.deploy(wallet.address);
    await contract.waitForDeployment();
    return (await contract.getAddress()).toLowerCase();
  };
  // One after the other: an automining node (tests) refuses a queued second nonce.
  const badge = await deploy(AURA_BADGE);
  const passport = await deploy(AURA_PASSPORT);
  provider.destroy();
  return { badge, passport, admin: wallet.address.toLowerCase() };
}
