#!/usr/bin/env node
// Compiles contracts/*.sol with solc-js (the `solc` npm package) into generated/<Name>.json
// ({ contractName, abi, bytecode }). Offline by design: Hardhat's own compile would download solc.
// Skips work when the sources and compiler are unchanged (hash kept in generated/.hash).
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const solc = require('solc');

const root = path.resolve(__dirname, '..');
const srcDir = path.join(root, 'contracts');
const outDir = path.join(root, 'generated');
const CONTRACTS = ['AuraBadge', 'AuraPassport', 'NoisyToken'];
// Sources that are imported by the contracts above, not compiled to an artifact of their own.
const LIBRARIES = ['Soulbound721'];

const sources = {};
for (const name of [...CONTRACTS, ...LIBRARIES]) {
  sources[`${name}.sol`] = { content: fs.readFileSync(path.join(srcDir, `${name}.sol`), 'utf8') };
}
const hash = crypto.createHash('sha256').update(solc.version()).update(JSON.stringify(sources)).digest('hex');
const hashFile = path.join(outDir, '.hash');
const upToDate =
  fs.existsSync(hashFile) &&
  fs.readFileSync(hashFile, 'utf8') === hash &&
  CONTRACTS.every((n) => fs.existsSync(path.join(outDir, `${n}.json`)));
if (upToDate && !process.argv.includes('--force')) process.exit(0);

const input = {
  language: 'Solidity',
  sources,
  settings: {
    evmVersion: 'cancun',
    optimizer: { enabled: true, runs: 200 },
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
  },
};
// OpenZeppelin imports resolve from node_modules.
function findImports(importPath) {
  try {
    return { contents: fs.readFileSync(require.resolve(importPath), 'utf8') };
  } catch (err) {
    return { error: `cannot resolve ${importPath}: ${err.message}` };
  }
}
const started = Date.now();
const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
const errors = (output.errors || []).filter((e) => e.severity === 'error');
for (const e of output.errors || []) console.error(e.formattedMessage);
if (errors.length) process.exit(1);

fs.mkdirSync(outDir, { recursive: true });
for (const name of CONTRACTS) {
  const c = output.contracts[`${name}.sol`][name];
  const artifact = { contractName: name, abi: c.abi, bytecode: `0x${c.evm.bytecode.object}` };
  fs.writeFileSync(path.join(outDir, `${name}.json`), JSON.stringify(artifact, null, 2) + '\n');
}
fs.writeFileSync(hashFile, hash);
console.log(`contracts: compiled ${CONTRACTS.join(', ')} with solc ${solc.version()} in ${Date.now() - started} ms`);
