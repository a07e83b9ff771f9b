// A stand-in MIGRATE target for `cachetopo calibrate`: a TCP listener in this process that answers
// +OK to every command it receives (RESP parsed by redis-parser), so that the server under
// calibration can run MIGRATE … COPY REPLACE KEYS against it and its main-thread CPU per MIGRATE
// shows the source's work (serializing each key, writing it, reading each answer a byte per
// read(2)) without a second Redis. It answers every command of one received chunk in one write,
// as a Redis target answers a pipeline in one write per event-loop turn. It listens on the address
// this host uses to reach the server (127.0.0.1 for a local server), on a port the system picks.

import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import Parser from 'redis-parser';

const OK = Buffer.from('+OK\r\n');

export class RestoreSink {
  private constructor(private readonly server: Server, private readonly sockets: Set<Socket>, readonly host: string, readonly port: number) {}

  static async listen(host: string): Promise<RestoreSink> {
    const sockets = new Set<Socket>();
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => socket.destroy());
      const parser = new Parser({
        returnBuffers: true,
        returnReply: () => socket.write(OK),
        returnError: () => socket.destroy(),
      });
      socket.on('data', (chunk: Buffer) => {
        socket.cork();
        parser.execute(chunk);
        socket.uncork();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, host, () => resolve());
    });
    return new RestoreSink(server, sockets, host, (server.address() as AddressInfo).port);
  }

  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
