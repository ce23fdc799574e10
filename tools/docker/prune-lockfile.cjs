#!/usr/bin/env node
// `nx run api:prune` (after `nx build api`): makes dist/apps/api/package.json + package-lock.json that
// `npm ci --omit=dev` installs, for the API image (docker/api.Dockerfile).
//
// Webpack's generatePackageJson writes both files, but Nx's pruned lock file is not installable: it
// re-hoists nested packages (here body-parser's content-type@2 lands under @nestjs/platform-express,
// shadowing the content-type@^1 that express 5 needs) and `npm ci` refuses it ("Missing: content-type@1.0.5
// from lock file"; nrwl/nx#17653). So this keeps Nx's package.json, adds any package main.js requires
// that it forgot (tslib, for TypeScript's importHelpers), and lets npm itself prune the workspace's lock
// file down to those dependencies, offline: every package keeps the exact version and place it has in the
// lock file the workspace is tested with.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const { builtinModules } = require('node:module');
const path = require('node:path');

const root = path.resolve(__dirname, '../..');
const dir = path.resolve(root, process.argv[2] ?? 'dist/apps/api');
const fail = (message) => {
  console.error(`[prune-lockfile] ${message}`);
  process.exit(1);
};

const pkgFile = path.join(dir, 'package.json');
const mainFile = path.join(dir, 'main.js');
if (!fs.existsSync(pkgFile) || !fs.existsSync(mainFile)) {
  fail(`${path.relative(root, dir)}/package.json or main.js is missing: build first (nx build api)`);
}
const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
const rootPkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const rootVersions = { ...rootPkg.devDependencies, ...rootPkg.dependencies };

// The bundle's bare requires: the packages it loads at run time.
const required = new Set();
for (const [, spec] of fs.readFileSync(mainFile, 'utf8').matchAll(/\brequire\(\s*["']([^"'./][^"']*)["']\s*\)/g)) {
  if (spec.startsWith('node:') || builtinModules.includes(spec.split('/')[0])) continue;
  const parts = spec.split('/');
  required.add(spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]);
}
pkg.dependencies = pkg.dependencies ?? {};
const added = [];
for (const name of required) {
  if (pkg.dependencies[name]) continue;
  if (!rootVersions[name]) fail(`main.js requires "${name}", which the root package.json does not list`);
  pkg.dependencies[name] = rootVersions[name];
  added.push(name);
}
pkg.dependencies = Object.fromEntries(Object.entries(pkg.dependencies).sort(([a], [b]) => a.localeCompare(b)));
fs.writeFileSync(pkgFile, JSON.stringify(pkg, null, 2) + '\n');

const lockFile = path.join(dir, 'package-lock.json');
fs.copyFileSync(path.join(root, 'package-lock.json'), lockFile);
execFileSync(
  'npm',
  ['install', '--package-lock-only', '--offline', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'],
  { cwd: dir, stdio: 'inherit' },
);

const lock = JSON.parse(fs.readFileSync(lockFile, 'utf8'));
const entries = Object.entries(lock.packages).filter(([key]) => key !== '');
const dev = entries.filter(([, v]) => v.dev).map(([key]) => key);
if (dev.length) fail(`the pruned lock file still holds dev packages: ${dev.slice(0, 5).join(', ')}`);
const absent = [...required].filter((name) => !lock.packages[`node_modules/${name}`]);
if (absent.length) fail(`the pruned lock file lacks ${absent.join(', ')}`);
console.log(
  `[prune-lockfile] ${path.relative(root, dir)}: ${Object.keys(pkg.dependencies).length} dependencies, ` +
    `${entries.length} packages locked${added.length ? `; added ${added.join(', ')} (required by main.js)` : ''}`,
);
