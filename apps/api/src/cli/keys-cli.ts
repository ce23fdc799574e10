// `npm run keys -- <command>` (not part of the server bundle): API keys straight in the database
// (MONGO_URL, DB_NAME from the environment or .env, as the API reads them), for the first admin key of
// a protected deployment and for scripts.
//   create --role viewer|operator|admin --name NAME [--expires 2027-01-01T00:00:00Z]   prints the key once
//   list                                                                                 ids, names, roles, last use
//   revoke ID                                                                            the API refuses it within 10 s
//   generate                                                                             a fresh key for ADMIN_API_KEY (not stored)
import { MongoClient } from 'mongodb';

import { launcherEnv } from '@aura/tools/stack/launcher-env';

// The key format, hashing and stored shape are the API's own (one definition).
import {
  API_KEYS_COLLECTION,
  generateApiKey,
  isRole,
  KEY_USAGE_COLLECTION,
  keyDocument,
  ROLES,
} from '../auth/access-roles';
import { redactUrl } from '../common/redact-url';

const USAGE = `usage: npm run keys -- create --role ${ROLES.join('|')} --name NAME [--expires ISO-8601]
       npm run keys -- list
       npm run keys -- revoke ID
       npm run keys -- generate`;

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

async function main(): Promise<void> {
  const [command, ...args] = process.argv.slice(2);
  if (command === 'generate') return void console.log(generateApiKey());
  if (!command || !['create', 'list', 'revoke'].includes(command)) fail(`unknown command ${command ?? '(none)'}`);
  const env = launcherEnv();
  const url = env['MONGO_URL']?.trim() || 'mongodb://127.0.0.1:27017';
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 5_000 });
  try {
    await client.connect();
    const keys = client.db(env['DB_NAME']?.trim() || 'aura_protocol').collection(API_KEYS_COLLECTION);
    if (command === 'create') {
      const role = option(args, 'role');
      const name = option(args, 'name');
      const expires = option(args, 'expires');
      if (!isRole(role)) fail(`--role must be one of ${ROLES.join(', ')}`);
      if (!name || name.length > 64) fail('--name must be 1 to 64 characters');
      const expiresAt = expires === undefined ? null : new Date(expires);
      if (expiresAt && Number.isNaN(expiresAt.getTime())) fail('--expires must be an ISO 8601 date-time');
      const key = generateApiKey();
      const doc = keyDocument(key, { name, role, expiresAt, createdBy: 'npm run keys' });
      await keys.insertOne(doc as never);
      console.log(`created ${role} key "${name}" (id ${doc._id}); the key, shown this once:\n${key}`);
    } else if (command === 'list') {
      const rows = (await keys.find().sort({ createdAt: 1 }).toArray()).filter((r) => !r['revokedAt']);
      if (!rows.length) console.log('no API keys');
      const usage = client.db(env['DB_NAME']?.trim() || 'aura_protocol').collection(KEY_USAGE_COLLECTION);
      const used = new Map(
        (await usage.find({ _id: { $in: rows.map((r) => r['_id']) } } as never).toArray()).map((u) => [
          String(u['_id']),
          u['lastUsedAt'] as Date,
        ]),
      );
      for (const r of rows) {
        const last = used.get(String(r['_id'])) ?? (r['lastUsedAt'] as Date | null);
        console.log(
          `${String(r['_id'])}  ${String(r['role']).padEnd(8)} ${String(r['name'])}  (${String(r['hint'])}, last used ${last ? last.toISOString() : 'never'})`,
        );
      }
    } else {
      const id = args[0];
      if (!id || !/^[0-9a-f]{64}$/.test(id)) fail('revoke takes the key id (64 hex digits, from `list`)');
      // The document stays as a tombstone (a key in ADMIN_API_KEY is then not stored again at boot).
      const before = await keys.findOneAndUpdate({ _id: id as never }, { $set: { revokedAt: new Date() } });
      if (!before || before['revokedAt']) fail(`no key with id ${id} (or revoked already)`);
      console.log(`revoked ${id}: a running API refuses it within 10 s (at once when revoked through its admin API)`);
    }
  } catch (err) {
    console.error(`npm run keys: ${(err as Error).message} (MONGO_URL ${redactUrl(url)})`);
    process.exitCode = 1;
  } finally {
    await client.close();
  }
}

void main();
