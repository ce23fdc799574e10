// The database driver's messages name hosts, replica sets and sometimes users: they go to the server log,
// never to a client. These tell a caller what kind of failure it has, so it can give a plain reason instead.

/** The driver's errors for an unreachable server (names shared by the MongoDB driver's classes). */
export function isDatabaseUnavailable(err: unknown): boolean {
  const { name, message } = (err ?? {}) as { name?: unknown; message?: unknown };
  if (typeof name !== 'string') return false;
  // Mongoose holds commands while disconnected and gives up with "buffering timed out".
  if (name === 'MongooseError' && typeof message === 'string' && message.includes('buffering timed out')) return true;
  return /^Mongo(ServerSelection|Network|NetworkTimeout|NotConnected|TopologyClosed)Error$/.test(name);
}

/** Any error of the database layer (driver or mongoose), whose message is for the server log only. */
export function isDatabaseError(err: unknown): boolean {
  const { name } = (err ?? {}) as { name?: unknown };
  return isDatabaseUnavailable(err) || (typeof name === 'string' && /^Mongo/.test(name));
}
