// Serves a built single-page app, with config.json answered from memory: the e2e tests point one
// build at whatever API they started, exactly as an operator would by editing config.json.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export async function serveStatic(options: {
  root: string;
  port: number;
  config?: unknown;
}): Promise<{ url: string; close(): Promise<void> }> {
  if (!existsSync(join(options.root, 'index.html'))) {
    throw new Error(`${options.root}/index.html not found: build the dashboard first (nx build dashboard)`);
  }
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path === '/config.json' && options.config !== undefined) {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(options.config));
      return;
    }
    let file = normalize(join(options.root, path));
    if (!file.startsWith(options.root) || !existsSync(file) || statSync(file).isDirectory()) {
      file = join(options.root, 'index.html'); // SPA fallback
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${options.port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
