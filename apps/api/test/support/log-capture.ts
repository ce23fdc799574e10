// Records what the process writes to stdout and stderr (still passing it on), so a test can read the
// API's logs. Start it before the app is created: pino writes to process.stdout only when it finds
// process.stdout.write replaced at that moment (otherwise straight to file descriptor 1).
export class LogCapture {
  private readonly chunks: string[] = [];
  private readonly restore: (() => void)[] = [];

  private constructor() {
    for (const stream of [process.stdout, process.stderr]) {
      const original = stream.write;
      stream.write = ((chunk: unknown, ...rest: unknown[]) => {
        this.chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
        return (original as (...args: unknown[]) => boolean).call(stream, chunk, ...rest);
      }) as typeof stream.write;
      this.restore.push(() => (stream.write = original));
    }
  }

  static start(): LogCapture {
    return new LogCapture();
  }

  get text(): string {
    return this.chunks.join('');
  }

  get lines(): string[] {
    return this.text.split('\n').filter(Boolean);
  }

  stop(): void {
    for (const undo of this.restore.splice(0)) undo();
  }
}
