import WebSocket from 'ws';

/** A real ws client that records every frame it receives, parsed. */
export class WsRecorder {
  readonly frames: { type: string; data: Record<string, unknown> }[] = [];
  readonly raw: string[] = [];
  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const text = data.toString();
      this.raw.push(text);
      this.frames.push(JSON.parse(text));
    });
  }

  static open(url: string, options?: WebSocket.ClientOptions): Promise<WsRecorder> {
    const socket = new WebSocket(url, options);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new WsRecorder(socket)));
      socket.once('error', reject);
    });
  }

  ofType(type: string) {
    return this.frames.filter((f) => f.type === type);
  }

  close(): void {
    this.socket.close();
  }
}
