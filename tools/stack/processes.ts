// Child processes with prefixed, line-buffered logs, readiness checks and clean stops.
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { createServer, Socket } from 'node:net';

const COLORS = [36, 35, 33, 32, 34, 31];
let colorIndex = 0;

export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  /** Resolves with the exit code when the process ends. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

export interface StartOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** false: swallow output (tests); default: prefix each line with the name. */
  log?: boolean;
  /** Keep the last lines of output to explain a failed start. */
  onLine?: (line: string) => void;
  /** Also append every line to this file. */
  logFile?: string;
}

export function startProcess(
  name: string,
  command: string,
  args: string[],
  options: StartOptions = {},
): ManagedProcess {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so stop() reaches grandchildren too (nx serve starts the API as one).
    detached: true,
  });
  const color = COLORS[colorIndex++ % COLORS.length];
  const prefix = process.stdout.isTTY ? `\x1b[${color}m[${name}]\x1b[0m ` : `[${name}] `;
  const recent: string[] = [];
  const file = options.logFile ? createWriteStream(options.logFile, { flags: 'a' }) : null;
  child.on('exit', () => file?.end());
  const pipe = (stream: NodeJS.ReadableStream | null) => {
    let buffered = '';
    stream?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        recent.push(line);
        if (recent.length > 40) recent.shift();
        options.onLine?.(line);
        file?.write(line + '\n');
        if (options.log !== false) process.stdout.write(prefix + line + '\n');
      }
    });
  };
  pipe(child.stdout);
  pipe(child.stderr);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  child.on('error', (err) => {
    process.stderr.write(`${prefix}failed to start ${command}: ${err.message}\n`);
  });
  return {
    name,
    child,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const signalGroup = (signal: NodeJS.Signals) => {
        try {
          if (child.pid) process.kill(-child.pid, signal);
        } catch {
          child.kill(signal);
        }
      };
      signalGroup('SIGTERM');
      const killTimer = setTimeout(() => signalGroup('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killTimer);
    },
    get recentOutput() {
      return recent.join('\n');
    },
  } as ManagedProcess & { recentOutput: string };
}

/** Polls `check` until it resolves true, or fails after `timeoutMs` naming what was awaited. */
export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 60_000,
  proc?: ManagedProcess,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void proc?.exited.then((c) => (exitCode = c));
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      const tail = (proc as ManagedProcess & { recentOutput?: string }).recentOutput ?? '';
      throw new Error(`${what}: process exited with code ${exitCode} before it was ready\n${tail}`);
    }
    try {
      if (await check()) return;
    } catch {
      // not ready yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what}: not ready after ${timeoutMs} ms`);
}

export function isPortOpen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.setTimeout(1_000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.connect(port, host);
  });
}

/** A port that was free a moment ago (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Launchers between this process and the shell that ran `npm start` (npm, its `sh -c`, nx): the pids to watch. */
function launcherAncestors(): number[] {
  const pids: number[] = [];
  let pid = process.ppid;
  try {
    while (pid > 1) {
      const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      if (!/^(node|npm.*|nx.*|sh|dash)$/.test(comm)) break;
      pids.push(pid);
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // The command name may hold spaces and parentheses: the fields after its closing ')' are fixed.
      pid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    }
  } catch {
    // no /proc (not Linux): watch the direct parent only
  }
  return pids.length ? pids : [process.ppid];
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Calls `stop` once a launcher above this process is gone. npm (or nx below it), sent SIGTERM or SIGINT
 * alone by a `timeout`, a service manager or `kill`, may exit without passing the signal on: this process
 * would then be adopted by init and keep running what it started.
 */
export function stopWhenOrphaned(stop: () => void, log: (line: string) => void): void {
  const launchers = launcherAncestors();
  setInterval(() => {
    const gone = launchers.find((pid) => !isAlive(pid));
    if (gone !== undefined) {
      log(`a launching process (${gone}) is gone; stopping`);
      stop();
    }
  }, 1_000).unref();
}
