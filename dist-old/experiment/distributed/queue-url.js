// The --queue URL: `redis://host:port[/db]` (also `rediss://` for TLS), the Redis that BullMQ keeps
// the queue in. Anything else is bad input, told in one line naming the flag.
export class QueueUrlError extends Error {
}
export function parseQueueUrl(text) {
    let url;
    try {
        url = new URL(text);
    }
    catch {
        throw new QueueUrlError(`--queue: expected redis://host:port[/db], got "${text}"`);
    }
    if (url.protocol !== 'redis:' && url.protocol !== 'rediss:')
        throw new QueueUrlError(`--queue: expected a redis:// or rediss:// URL, got "${text}"`);
    const port = url.port === '' ? 6379 : Number(url.port);
    const dbText = url.pathname.replace(/^\//, '');
    const db = dbText === '' ? 0 : Number(dbText);
    if (url.hostname === '' || !(Number.isInteger(db) && db >= 0 && db <= 15))
        throw new QueueUrlError(`--queue: expected redis://host:port[/db] with db 0 to 15, got "${text}"`);
    return { host: url.hostname, port, db, ...(url.protocol === 'rediss:' ? { tls: {} } : {}) };
}
//# sourceMappingURL=queue-url.js.map