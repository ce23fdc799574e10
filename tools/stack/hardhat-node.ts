// A Hardhat node (its EDR engine ships inside the npm package: nothing is downloaded) serving JSON-RPC
// over HTTP and WebSocket on one port.
import { join } from 'node:path';

import { REPO_ROOT } from './ferretdb';
import { isPortOpen, type ManagedProcess, startProcess, waitFor } from './processes';

export interface HardhatNodeHandle {
  rpcUrl: string;
  wsUrl: string;
  port: number;
  process: ManagedProcess;
  rpc<T = unknown>(method: string, params?: unknown[]): Promise<T>;
  stop(): Promise<void>;
}

/** Sends one JSON-RPC call; throws with the node's message on an error answer. */
export async function jsonRpc<T = unknown>(url: string, method: string, params: unknown[] = []): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const body = (await res.json()) as { result?: T; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result as T;
}

/**
 * @param blockTimeMs interval mining period; 0 mines a block per transaction (automine), which tests
 * switch off with `evm_setAutomine` when they mine by hand.
 */
export async function startHardhatNode(options: {
  port: number;
  blockTimeMs: number;
  log?: boolean;
}): Promise<HardhatNodeHandle> {
  if (await isPortOpen(options.port)) {
    throw new Error(
      `port ${options.port} is already in use: stop what listens there or set POLYGON_RPC_URL to use that node`,
    );
  }
  const cli = require.resolve('hardhat/internal/cli/cli.js', { paths: [REPO_ROOT] });
  const proc = startProcess(
    'chain',
    process.execPath,
    [
      cli,
      'node',
      '--config',
      join(REPO_ROOT, 'tools/devnet/hardhat.config.js'),
      '--hostname',
      '127.0.0.1',
      '--port',
      String(options.port),
    ],
    {
      log: options.log,
      cwd: join(REPO_ROOT, 'tools/devnet'),
      env: {
        ...process.env,
        DEVNET_BLOCK_TIME_MS: String(options.blockTimeMs),
        HARDHAT_DISABLE_TELEMETRY_PROMPT: 'true',
      },
    },
  );
  const rpcUrl = `http://127.0.0.1:${options.port}`;
  await waitFor(
    `Hardhat node on port ${options.port}`,
    async () => (await jsonRpc<string>(rpcUrl, 'eth_chainId')) !== undefined,
    60_000,
    proc,
  );
  return {
    rpcUrl,
    wsUrl: `ws://127.0.0.1:${options.port}`,
    port: options.port,
    process: proc,
    rpc: (method, params) => jsonRpc(rpcUrl, method, params),
    stop: () => proc.stop(),
  };
}
