// Before any work, the queue's Redis must answer and be recent enough for BullMQ (5.0 or later):
// otherwise one line, instead of BullMQ retrying a connection for ever.

import { Redis } from 'ioredis';
import type { QueueConnection } from './queue-url.js';

const CONNECT_TIMEOUT_MS = 3000;
const MIN_MAJOR_VERSION = 5;

export class QueueUnreachableError extends Error {}
export class QueueTooOldError extends Error {}

export async function checkQueueRedis(connection: QueueConnection, url: string): Promise<void> {
  const redis = new Redis({ ...connection, lazyConnect: true, connectTimeout: CONNECT_TIMEOUT_MS, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  /** The connection's own error (a refused connect, a wrong password): connect() then says only "Connection is closed." */
  let firstError: Error | null = null;
  redis.on('error', (error: Error) => {
    firstError ??= error;
  });
  try {
    await redis.connect();
    const info = await redis.info('server');
    const version = /redis_version:(\d+)\.(\d+)/.exec(info);
    if (!version || Number(version[1]) < MIN_MAJOR_VERSION) {
      throw new QueueTooOldError(`--queue ${url}: Redis ${version ? `${version[1]}.${version[2]}` : '(version unknown)'} is older than BullMQ needs (${MIN_MAJOR_VERSION}.0 or later)`);
    }
  } catch (error) {
    if (error instanceof QueueTooOldError) throw error;
    const cause = firstError ?? error;
    throw new QueueUnreachableError(`cannot reach the queue's Redis at ${url}: ${cause instanceof Error ? cause.message.split('\n')[0] : String(cause)}`);
  } finally {
    redis.disconnect();
  }
}
