import { redactUrl } from './redact-url';

describe('redactUrl', () => {
  it.each([
    // Provider keys in the path, the query, the userinfo.
    ['https://polygon-mainnet.g.alchemy.com/v2/AbCdEf123', 'https://polygon-mainnet.g.alchemy.com'],
    ['https://mainnet.infura.io/v3/0123456789abcdef/', 'https://mainnet.infura.io'],
    ['https://rpc.example/?apikey=SECRET&x=1', 'https://rpc.example'],
    ['https://rpc.example/path#SECRET', 'https://rpc.example'],
    ['https://user:SECRET@rpc.example:8443/v2/KEY?apikey=KEY2', 'https://rpc.example:8443'],
    ['https://SECRET@rpc.example', 'https://rpc.example'],
    ['http://127.0.0.1:8545/v2/KEY?apikey=KEY2', 'http://127.0.0.1:8545'],
    ['http://[::1]:8545/v2/KEY', 'http://[::1]:8545'],
    // Upper case and default ports as the parser normalises them.
    ['HTTPS://RPC.Example:443/v2/KEY', 'https://rpc.example'],
    // WebSocket endpoints.
    ['wss://polygon-mainnet.g.alchemy.com/v2/KEY', 'wss://polygon-mainnet.g.alchemy.com'],
    ['ws://user:SECRET@127.0.0.1:8546/ws?token=KEY', 'ws://127.0.0.1:8546'],
    // MongoDB: credentials, several hosts, SRV, options.
    ['mongodb://127.0.0.1:27017', 'mongodb://127.0.0.1:27017'],
    ['mongodb://aura:S3CRET@db1:27017,db2:27017/aura?replicaSet=rs&authSource=admin', 'mongodb://db1:27017,db2:27017'],
    ['mongodb+srv://aura:p%40SECRET@cluster0.example.net/db?retryWrites=true', 'mongodb+srv://cluster0.example.net'],
    ['mongodb://aura@db1,db2:27018/?tls=true', 'mongodb://db1,db2:27018'],
    ['mongodb://[::1]:27017/db', 'mongodb://[::1]:27017'],
  ])('%s -> %s', (input, expected) => {
    expect(redactUrl(input)).toBe(expected);
  });

  it.each([
    // A password with an unescaped '/', '?' or '#' (refused by the drivers, but quoted in the error).
    ['mongodb://aura:SE/CRET@db1:27017/db', 'mongodb://db1:27017'],
    ['mongodb://aura:SE?CRET@db1', 'mongodb://db1'],
    ['http://user:123/SECRET@rpc.example/x', 'http://rpc.example'],
    ['https://user:SE#CRET@rpc.example', 'https://rpc.example'],
    // Not URLs at all: cut at the first path character.
    ['rpc.example/v2/SECRET', 'rpc.example'],
    ['not a url', 'not a url'],
    ['', ''],
  ])('leaves no secret in a value no parser reads: %s -> %s', (input, expected) => {
    const shown = redactUrl(input);
    expect(shown).toBe(expected);
    expect(shown).not.toMatch(/SECRET|SE\/CRET|123/);
  });

  it('keeps nothing of a path, query, fragment or userinfo, for any scheme', () => {
    for (const scheme of ['http', 'https', 'ws', 'wss', 'mongodb', 'mongodb+srv', 'ftp']) {
      const shown = redactUrl(`${scheme}://u:PASS@host.example:1234/p/KEY1?k=KEY2#KEY3`);
      expect(shown).toBe(`${scheme}://host.example:1234`);
    }
  });
});
