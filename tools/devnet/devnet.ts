// `npm run devnet`: a local Polygon-like chain for development, fully offline.
// Starts a Hardhat node (a block every DEVNET_BLOCK_TIME_MS, default 2000), deploys the contracts,
// writes .devnet/devnet.env (read by the API when POLYGON_RPC_URL is unset) and runs the traffic simulator.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { REPO_ROOT } from '../stack/ferretdb';
import { type HardhatNodeHandle, startHardhatNode } from '../stack/hardhat-node';
import { intSetting, launcherEnv } from '../stack/launcher-env';
import { deployContracts, type DeployedContracts } from './deploy';
import { parseWeights, TrafficSimulator } from './traffic-simulator';

export const DEVNET_ENV_FILE = join(REPO_ROOT, '.devnet/devnet.env');

export interface Devnet {
  node: HardhatNodeHandle;
  contracts: DeployedContracts;
  simulator: TrafficSimulator | null;
  stop(): Promise<void>;
}

/** Starts the devnet with the launcher settings (`env`: the process environment over `.env`). */
export async function startDevnet(
  env: NodeJS.ProcessEnv = launcherEnv(),
  log = (line: string) => console.log(`[devnet] ${line}`),
): Promise<Devnet> {
  const port = intSetting(env, 'DEVNET_PORT', 8545);
  const blockTimeMs = intSetting(env, 'DEVNET_BLOCK_TIME_MS', 2000);
  const simIntervalMs = intSetting(env, 'SIM_INTERVAL_MS', 1500);
  const weights = parseWeights(env['SIM_WEIGHTS'] ?? 'mint:5,passport:2,transfer:3,revoke:1');
  const simEnabled = env['SIM_ENABLED'] !== 'false';

  const node = await startHardhatNode({ port, blockTimeMs, log: env['DEVNET_NODE_LOG'] === 'true' });
  log(`node ready at ${node.rpcUrl}, a block every ${blockTimeMs} ms`);
  const contracts = await deployContracts(node.rpcUrl);
  log(`AuraBadge ${contracts.badge}, AuraPassport ${contracts.passport}`);
  mkdirSync(join(REPO_ROOT, '.devnet'), { recursive: true });
  writeFileSync(
    DEVNET_ENV_FILE,
    [
      '# Written by `npm run devnet`; the API reads it when POLYGON_RPC_URL is unset.',
      `POLYGON_RPC_URL=${node.rpcUrl}`,
      `POLYGON_WS_URL=${node.wsUrl}`,
      `CHAIN_ID=${Number(await node.rpc<string>('eth_chainId'))}`,
      `BADGE_CONTRACT_ADDRESS=${contracts.badge}`,
      `PASSPORT_CONTRACT_ADDRESS=${contracts.passport}`,
      '',
    ].join('\n'),
  );
  log(`wrote ${DEVNET_ENV_FILE}`);
  let simulator: TrafficSimulator | null = null;
  if (simEnabled) {
    simulator = new TrafficSimulator({
      rpcUrl: node.rpcUrl,
      badge: contracts.badge,
      passport: contracts.passport,
      intervalMs: simIntervalMs,
      weights,
      log,
    });
    simulator.start();
    log(`traffic simulator: one action every ${simIntervalMs} ms, weights ${JSON.stringify(weights)}`);
  }
  return {
    node,
    contracts,
    simulator,
    async stop() {
      simulator?.stop();
      await node.stop();
    },
  };
}
