// Before any work, the queue's Redis must answer and be recent enough for BullMQ (5.0 or later):
// otherwise one line, instead of BullMQ retrying a connection for ever.
import { Redis } from 'ioredis';
const CONNECT_TIMEOUT_MS = 3000;
const MIN_MAJOR_VERSION = 5;
export class QueueUnreachableError extends Error {
}
export class QueueTooOldError extends Error {
}
export async function checkQueueRedis(connection, url) {
    const redis = new Redis({ ...connection, lazyConnect: true, connectTimeout: CONNECT_TIMEOUT_MS, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
    redis.on('error', () => { });
    try {
        await redis.connect();
        const info = await redis.info('server');
        const version = /redis_version:(\d+)\.(\d+)/.exec(info);
        if (!version || Number(version[1]) < MIN_MAJOR_VERSION) {
            throw new QueueTooOldError(`--queue ${url}: Redis ${version ? `${version[1]}.${version[2]}` : '(version unknown)'} is older than BullMQ needs (${MIN_MAJOR_VERSION}.0 or later)`);
        }
    }
    catch (error) {
        if (error instanceof QueueTooOldError)
            throw error;
        throw new QueueUnreachableError(`cannot reach the queue's Redis at ${url}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    }
    finally {
        redis.disconnect();
    }
}
//# sourceMappingURL=queue-check.js.map