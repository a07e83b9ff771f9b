// Bytes the cluster bus carried, measured by the kernel: `ss -tin` lists every established TCP
// socket with its bytes_acked counter (payload bytes the peer acknowledged, + 1 for the SYN;
// retransmissions, which bytes_sent would count, are not); summing its deltas over the sockets whose
// local or peer port is a bus port counts every bus byte sent once (each link is two sockets, each
// counting what its own end sent).

import { execFileSync } from 'node:child_process';

/** Socket (local > peer) → payload bytes acknowledged, for the sockets touching one of `busPorts`. */
export function busSocketBytes(busPorts: ReadonlySet<number>): Map<string, number> {
  const text = execFileSync('ss', ['-tinH', 'state', 'established'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const sockets = new Map<string, number>();
  let current: string | null = null;
  for (const line of text.split('\n')) {
    if (line.length === 0) continue;
    if (!/^\s/.test(line)) {
      const f = line.trim().split(/\s+/);
      const local = f[f.length - 2]!;
      const peer = f[f.length - 1]!;
      const port = (a: string) => Number(a.slice(a.lastIndexOf(':') + 1));
      current = busPorts.has(port(local)) || busPorts.has(port(peer)) ? `${local}>${peer}` : null;
      if (current) sockets.set(current, 0);
    } else if (current) {
      const acked = /bytes_acked:(\d+)/.exec(line);
      if (acked) sockets.set(current, Number(acked[1]) - 1);
    }
  }
  return sockets;
}

/** Bytes sent between two snapshots (a socket opened in between counts whole); `lost` counts sockets that vanished. */
export function bytesBetween(before: Map<string, number>, after: Map<string, number>): { bytes: number; lost: number } {
  let bytes = 0;
  let lost = 0;
  for (const [socket, sent] of before) {
    const later = after.get(socket);
    if (later === undefined) lost++;
    else bytes += later - sent;
  }
  for (const [socket, sent] of after) if (!before.has(socket)) bytes += sent;
  return { bytes, lost };
}
