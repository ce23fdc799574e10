// The contracts' rules, checked on a real Hardhat node.
import { Contract, type InterfaceAbi, JsonRpcProvider, NonceManager, Wallet } from 'ethers';

import { AURA_BADGE, AURA_PASSPORT } from '@aura/contracts';

import { type HardhatNodeHandle, startHardhatNode } from '../stack/hardhat-node';
import { freePort } from '../stack/processes';
import { deployContracts, DEV_KEYS } from './deploy';

jest.setTimeout(60_000);

function findRevertData(value: unknown, depth = 0): string | null {
  if (depth > 5 || typeof value !== 'object' || value === null) return null;
  for (const [key, v] of Object.entries(value)) {
    if (key === 'data' && typeof v === 'string' && /^0x[0-9a-fA-F]{8}/.test(v)) return v;
    const nested = findRevertData(v, depth + 1);
    if (nested) return nested;
  }
  return null;
}

/** The custom error a call reverted with, decoded with the contract's own ABI. */
async function revertName(contract: Contract, call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (err) {
    // ethers nests the node's revert data differently by path (estimateGas vs. sendTransaction).
    const data = findRevertData(err);
    if (!data) throw err;
    return contract.interface.parseError(data)?.name ?? `unknown error ${data}`;
  }
  throw new Error('the call did not revert');
}

describe('AuraBadge and AuraPassport', () => {
  let node: HardhatNodeHandle;
  let provider: JsonRpcProvider;
  let badge: Contract;
  let passport: Contract;
  let holder: Wallet;

  beforeAll(async () => {
    node = await startHardhatNode({ port: await freePort(), blockTimeMs: 0, log: false });
    const addresses = await deployContracts(node.rpcUrl);
    provider = new JsonRpcProvider(node.rpcUrl, undefined, {
      staticNetwork: true,
      polling: true,
      pollingInterval: 100,
    });
    const minter = new NonceManager(new Wallet(DEV_KEYS[0], provider));
    badge = new Contract(addresses.badge, AURA_BADGE.abi as InterfaceAbi, minter);
    passport = new Contract(addresses.passport, AURA_PASSPORT.abi as InterfaceAbi, minter);
    // A holder with funds: Hardhat's account #1.
    holder = new Wallet(DEV_KEYS[1], provider);
  });

  afterAll(async () => {
    provider?.destroy();
    await node?.stop();
  });

  it('mints badges with increasing ids, and lets the minter revoke (burn) them', async () => {
    await (await badge.getFunction('mint')(holder.address)).wait();
    await (await badge.getFunction('mint')(holder.address)).wait();
    expect(await badge.getFunction('ownerOf')(2n)).toBe(holder.address);
    expect(await badge.getFunction('balanceOf')(holder.address)).toBe(2n);
    await (await badge.getFunction('revoke')(1n)).wait();
    expect(await badge.getFunction('balanceOf')(holder.address)).toBe(1n);
    expect(await badge.getFunction('totalMinted')()).toBe(2n);
  });

  it('refuses to move a badge between holders (soulbound)', async () => {
    const asHolder = badge.connect(holder) as Contract;
    expect(
      await revertName(badge, asHolder.getFunction('transferFrom')(holder.address, Wallet.createRandom().address, 2n)),
    ).toBe('Soulbound');
  });

  it('refuses mints and revocations by anyone but a minter', async () => {
    const asHolder = badge.connect(holder) as Contract;
    expect(await revertName(badge, asHolder.getFunction('mint')(holder.address))).toBe(
      'AccessControlUnauthorizedAccount',
    );
    expect(await revertName(badge, asHolder.getFunction('revoke')(2n))).toBe('AccessControlUnauthorizedAccount');
  });

  it('issues at most one passport per address, and passports are soulbound too', async () => {
    await (await passport.getFunction('issue')(holder.address)).wait();
    expect(await revertName(passport, passport.getFunction('issue')(holder.address))).toBe('AlreadyHasPassport');
    const asHolder = passport.connect(holder) as Contract;
    expect(
      await revertName(
        passport,
        asHolder.getFunction('transferFrom')(holder.address, Wallet.createRandom().address, 1n),
      ),
    ).toBe('Soulbound');
  });
});
