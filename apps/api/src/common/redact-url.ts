/**
 * The part of a URL that may leave the process: its scheme and host(s), with the port. An RPC provider
 * puts its API key in the path (`/v2/<key>`), the query (`?apikey=<key>`) or the userinfo, and a MongoDB
 * URL carries a password: all of that is dropped, whatever the scheme. Health, logs, error messages,
 * metrics labels and WebSocket frames show endpoints only through this function (or an operator's label).
 *
 * A URL the WHATWG parser reads (http, https, ws, wss) is taken from the parser. Anything else, MongoDB's
 * host lists (`h1:27017,h2:27017`) and values a parser refuses (a config error quotes what it refuses),
 * is cut as text: everything up to the last `@` goes, then everything from the first `/`, `?` or `#`.
 * A password with an unescaped `/`, `?` or `#` makes a parser see a host where the userinfo is, so an
 * `@` the parser did not take as the end of the userinfo sends the URL down the text path too: when in
 * doubt, a wrong host is shown rather than a secret.
 */
export function redactUrl(value: string): string {
  const text = value.trim();
  const schemeMatch = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text);
  const scheme = schemeMatch?.[1]?.toLowerCase() ?? null;
  if (scheme !== null && !scheme.startsWith('mongodb')) {
    const parsed = parseUrl(text);
    const strayAt = text.includes('@') && parsed?.username === '' && parsed.password === '';
    if (parsed?.host && !strayAt) return `${parsed.protocol}//${parsed.host}`;
  }
  const rest = schemeMatch ? text.slice(schemeMatch[0].length) : text;
  const afterUserinfo = rest.slice(rest.lastIndexOf('@') + 1);
  const hosts = afterUserinfo.split(/[/?#\\]/, 1)[0] ?? '';
  return scheme === null ? hosts : `${scheme}://${hosts}`;
}

function parseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}
