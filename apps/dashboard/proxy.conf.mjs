// Dev server proxy (`nx serve dashboard`): the dashboard calls its own origin (config.json's empty
// backendUrl), as behind nginx in production, and the dev server passes /api, /ws and /metrics on to the
// API at PORT — read like the API reads it: the environment over the repository's .env, default 8080.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import dotenv from 'dotenv';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../..');
// The dotenv that @nestjs/config uses, so `.env` means the same here as in the API.
const dotenvFile = join(repoRoot, '.env');
const fromFile = existsSync(dotenvFile) ? dotenv.parse(readFileSync(dotenvFile, 'utf8')) : {};
const port = process.env.PORT || fromFile.PORT || '8080';
const target = `http://127.0.0.1:${port}`;

export default {
  '/api': { target, changeOrigin: false },
  '/metrics': { target },
  '/ws': { target, ws: true },
};
