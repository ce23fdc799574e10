import { claimValues, readClaim, roleFromClaims } from './role-from-claims';

describe('roleFromClaims', () => {
  it('grants the role named in the default claim', () => {
    expect(roleFromClaims({ roles: ['viewer'] })).toBe('viewer');
    expect(roleFromClaims({ roles: ['operator'] })).toBe('operator');
    expect(roleFromClaims({ roles: ['admin'] })).toBe('admin');
  });

  it('picks the highest role whatever the order of values', () => {
    expect(roleFromClaims({ roles: ['admin', 'viewer'] })).toBe('admin');
    expect(roleFromClaims({ roles: ['viewer', 'operator', 'unrelated'] })).toBe('operator');
  });

  it('grants nothing without the claim, with unknown values or with a claim of the wrong type', () => {
    expect(roleFromClaims({ sub: 'alice' })).toBeUndefined();
    expect(roleFromClaims({ roles: [] })).toBeUndefined();
    expect(roleFromClaims({ roles: ['Admin', 'superuser'] })).toBeUndefined();
    expect(roleFromClaims({ roles: { admin: true } })).toBeUndefined();
    expect(roleFromClaims({ roles: 42 })).toBeUndefined();
  });

  it('reads a single string claim, split on whitespace and commas', () => {
    expect(roleFromClaims({ roles: 'admin' })).toBe('admin');
    expect(roleFromClaims({ scope: 'openid monitor:read operator' }, 'scope')).toBe('operator');
    expect(roleFromClaims({ groups: 'viewer,operator' }, 'groups')).toBe('operator');
  });

  it('follows a dotted path into nested claims', () => {
    const claims = { realm_access: { roles: ['offline_access', 'operator'] } };
    expect(roleFromClaims(claims, 'realm_access.roles')).toBe('operator');
    expect(roleFromClaims({ realm_access: 'admin' }, 'realm_access.roles')).toBeUndefined();
    expect(roleFromClaims({ realm_access: null }, 'realm_access.roles')).toBeUndefined();
  });

  it('prefers a claim whose name contains dots over the nested path', () => {
    const claims = { 'https://aura.example/roles': ['admin'] };
    expect(roleFromClaims(claims, 'https://aura.example/roles')).toBe('admin');
  });

  it('maps claim values through a configured role map; unmapped roles are not granted', () => {
    const roleMap = { viewer: ['aura-readers'], admin: ['aura-owners', 'platform-admins'] };
    expect(roleFromClaims({ groups: ['aura-readers'] }, 'groups', roleMap)).toBe('viewer');
    expect(roleFromClaims({ groups: ['aura-readers', 'platform-admins'] }, 'groups', roleMap)).toBe('admin');
    // With a map, the role names themselves no longer grant anything.
    expect(roleFromClaims({ groups: ['admin', 'operator'] }, 'groups', roleMap)).toBeUndefined();
  });

  it('does not read inherited properties', () => {
    expect(readClaim({}, 'constructor')).toBeUndefined();
    expect(readClaim({ a: {} }, 'a.toString')).toBeUndefined();
  });

  it('keeps only string values', () => {
    expect(claimValues(['admin', 1, null, ' viewer '])).toEqual(['admin', 'viewer']);
    expect(claimValues(undefined)).toEqual([]);
  });
});
