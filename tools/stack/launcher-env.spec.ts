import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { intSetting, launcherEnv, REPO_ROOT } from './launcher-env';

/** Every `env['X']`, `settings['X']` and `intSetting(…, 'X', …)` in the launchers' sources. */
function variablesReadByLaunchers(): string[] {
  const names = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (path.endsWith('.ts') && !path.endsWith('.spec.ts')) {
        const source = readFileSync(path, 'utf8');
        for (const m of source.matchAll(/(?:env|settings)\['([A-Z][A-Z0-9_]*)'\]|intSetting\(\w+, '([A-Z0-9_]+)'/g)) {
          names.add(m[1] ?? m[2] ?? '');
        }
      }
    }
  };
  // The launchers' settings; the smoke and chaos tools only pass the process environment on.
  for (const dir of ['tools/stack', 'tools/devnet']) walk(join(REPO_ROOT, dir));
  return [...names].sort();
}

describe('launcher environment', () => {
  it('puts the environment over .env, and .env over the defaults', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aura-env-'));
    const file = join(dir, '.env');
    writeFileSync(file, '# comment\nPORT=9090\nDASHBOARD_PORT="4300"\nDB_PORT=27018 # trailing comment\n');
    const env = launcherEnv({ DB_PORT: '27100' }, file);
    expect(intSetting(env, 'PORT', 8080)).toBe(9090);
    expect(intSetting(env, 'DASHBOARD_PORT', 4200)).toBe(4300);
    expect(intSetting(env, 'DB_PORT', 27017)).toBe(27100);
    expect(intSetting(env, 'DEVNET_PORT', 8545)).toBe(8545);
  });

  it('refuses a malformed number naming the variable', () => {
    expect(() => intSetting({ DEVNET_PORT: '85x45' }, 'DEVNET_PORT', 8545)).toThrow(/DEVNET_PORT="85x45"/);
  });

  it('reads no file when there is none', () => {
    expect(launcherEnv({ PORT: '1' }, join(tmpdir(), 'no-such-dir', '.env'))).toEqual({ PORT: '1' });
  });

  it('documents every variable a launcher reads in .env.example and the README', () => {
    const example = readFileSync(join(REPO_ROOT, '.env.example'), 'utf8');
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const read = variablesReadByLaunchers();
    expect(read).toEqual(expect.arrayContaining(['DB_PORT', 'DASHBOARD_PORT', 'DEVNET_PORT', 'PORT']));
    expect(read.filter((name) => !new RegExp(`^# ?${name}=`, 'm').test(example))).toEqual([]);
    expect(read.filter((name) => !readme.includes(`\`${name}\``))).toEqual([]);
  });
});
