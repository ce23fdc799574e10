// A watched address that is not an ERC-721 (an ERC-20-style Transfer, another event) is handled
// without crashing: its transactions are recorded, no mint or burn is invented, blocks keep flowing.
import type { INestApplication } from '@nestjs/common';
import { Contract, ContractFactory, type InterfaceAbi, JsonRpcProvider, NonceManager, Wallet } from 'ethers';
import request from 'supertest';

import { NOISY_TOKEN } from '@aura/contracts';
import { DEV_KEYS } from '@aura/tools/devnet/deploy';

import { randomAddress } from './support/chain-actions';
import { eventually, startApi, startTestStack, type TestStack } from './support/test-stack';

describe('non-ERC-721 logs at a watched address (real FerretDB + Hardhat)', () => {
  let stack: TestStack;
  let provider: JsonRpcProvider;
  let noisy: Contract;
  let api: { app: INestApplication; url: string; wsUrl: string };

  beforeAll(async () => {
    stack = await startTestStack();
    provider = new JsonRpcProvider(stack.node.rpcUrl, undefined, {
      staticNetwork: true,
      polling: true,
      pollingInterval: 100,
    });
    const signer = new NonceManager(new Wallet(DEV_KEYS[0], provider));
    const deployed = await new ContractFactory(NOISY_TOKEN.abi as InterfaceAbi, NOISY_TOKEN.bytecode, signer).deploy();
    await deployed.waitForDeployment();
    noisy = deployed as Contract;
    // The noisy contract stands where a passport contract would be.
    api = await startApi(stack, { PASSPORT_CONTRACT_ADDRESS: (await noisy.getAddress()).toLowerCase() });
  });

  afterAll(async () => {
    await api?.app.close();
    provider?.destroy();
    await stack?.stop();
  });

  it('records the transaction, decodes no token event, and keeps following', async () => {
    const tx = await noisy.getFunction('makeNoise')(randomAddress(), 10n ** 18n);
    const receipt = await tx.wait();
    expect(receipt.logs).toHaveLength(2);
    await eventually(async () => {
      const res = await request(api.url).get('/api/monitor/health').expect(200);
      expect(res.body.chain.lastProcessed).toBeGreaterThanOrEqual(receipt.blockNumber);
      expect(res.body.chain.lastError).toBeNull();
    });
    expect(await stack.mongo.collection('transactions').countDocuments({ _id: receipt.hash } as never)).toBe(1);
    expect(await stack.mongo.collection('token_events').countDocuments()).toBe(0);
    const stats = (await request(api.url).get('/api/monitor/stats').expect(200)).body;
    expect(stats).toMatchObject({ total_passports: 0, total_badges: 0 });
  });
});
