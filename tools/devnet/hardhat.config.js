// Hardhat is used only as a local JSON-RPC node. Contracts are compiled by libs/contracts with solc-js:
// Hardhat's own compile downloads solc, which fails offline, so no sources are given to it.
const blockTimeMs = Number(process.env.DEVNET_BLOCK_TIME_MS ?? 2000);

/** @type {import('hardhat/config').HardhatUserConfig} */
module.exports = {
  paths: {
    sources: './no-sources',
    cache: '../../.devnet/hardhat/cache',
    artifacts: '../../.devnet/hardhat/artifacts',
  },
  networks: {
    hardhat: {
      chainId: 31337,
      hardfork: 'cancun',
      // Polygon PoS makes a block about every 2 s; 0 = one block per transaction (tests).
      mining: blockTimeMs > 0 ? { auto: false, interval: blockTimeMs } : { auto: true, interval: 0 },
      loggingEnabled: false,
    },
  },
};
