// The --queue URL: `redis://[user:password@]host:port[/db]` (also `rediss://` for TLS; an IPv6 host
// in brackets), the Redis that BullMQ keeps the queue in. The user and password are passed on to
// the connection (Redis 6 ACL users; a password alone is requirepass) and never printed: messages
// show the URL with the password replaced. Anything else (another scheme, a db outside 0–15, a
// query or fragment, which ioredis options would silently ignore) is bad input, told in one line
// naming the flag.

import { shownRedisUrl } from '../redis-url.js';

export class QueueUrlError extends Error {}

export interface QueueConnection {
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
  tls?: object;
}

const EXPECTED = 'redis://[user:password@]host:port[/db]';

export function parseQueueUrl(text: string): QueueConnection {
  const shown = shownRedisUrl(text);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new QueueUrlError(`--queue: expected ${EXPECTED}, got "${shown}"`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') throw new QueueUrlError(`--queue: expected a redis:// or rediss:// URL, got "${shown}"`);
  if (url.search !== '' || url.hash !== '') throw new QueueUrlError(`--queue: expected ${EXPECTED} with no query or fragment, got "${shown}"`);
  const port = url.port === '' ? 6379 : Number(url.port);
  const dbText = url.pathname.replace(/^\//, '');
  const db = dbText === '' ? 0 : Number(dbText);
  if (url.hostname === '' || !(Number.isInteger(db) && db >= 0 && db <= 15)) throw new QueueUrlError(`--queue: expected ${EXPECTED} with db 0 to 15, got "${shown}"`);
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port,
    db,
    ...(url.username !== '' ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password !== '' ? { password: decodeURIComponent(url.password) } : {}),
    ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}
