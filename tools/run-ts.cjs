#!/usr/bin/env node
// Runs a TypeScript tool of this repo (node tools/run-ts.cjs tools/x.ts args…) with @swc-node/register,
// resolving the workspace path aliases (@aura/*) through tools/tsconfig.json.
'use strict';
const path = require('node:path');
process.env.SWC_NODE_PROJECT = path.join(__dirname, 'tsconfig.json');
require('@swc-node/register');
const script = process.argv[2];
if (!script) {
  console.error('usage: node tools/run-ts.cjs <script.ts> [args…]');
  process.exit(2);
}
process.argv.splice(1, 2, path.resolve(script));
require(path.resolve(script));
