// The environment every launcher (npm start, devnet, db, the API preflight, the smoke tests) reads: the
// process environment over the repository's `.env` over each launcher's defaults. That is the precedence
// the API itself applies (@nestjs/config loads `.env` without overriding set variables), and the parser
// is the very dotenv that @nestjs/config uses (one pinned copy in node_modules), so a value means the same
// to a launcher and to the API.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { parse } from 'dotenv';

export const REPO_ROOT = resolve(__dirname, '../..');
export const DOTENV_FILE = join(REPO_ROOT, '.env');

/** `.env` of the repository as a map (empty when there is none). */
export function readDotenv(file = DOTENV_FILE): Record<string, string> {
  return existsSync(file) ? parse(readFileSync(file, 'utf8')) : {};
}

/** The process environment over `.env`: what a launcher reads, and passes on to what it starts. */
export function launcherEnv(env: NodeJS.ProcessEnv = process.env, file = DOTENV_FILE): NodeJS.ProcessEnv {
  return { ...readDotenv(file), ...env };
}

/** A whole number from the launcher environment, or the default; anything else names the variable. */
export function intSetting(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new Error(`${name}="${raw}" must be a whole number`);
  return Number(raw);
}
