// Measures a live Redis for `cachetopo calibrate` (the fit is models/server/service-calibration.ts):
// the server main thread's CPU time per request (INFO cpu deltas) for each request shape, driven by
// `connections` ioredis connections with one request outstanding each; and this Node.js client's
// event loop, in two phases of small GETs (on one connection, and on several at once): wall time,
// main-thread busy time (event-loop utilization) and loop turns per request. A turn is counted with
// one setImmediate per turn that had a reply. A first phase, not kept, warms the client up (its
// JIT-compiled paths), so that every kept phase measures the same code. The kept phases are run
// `repeats` times in a row, so that the caller can see how far repeated measurements disagree
// (experiment/calibration-spread.ts); within a repetition each phase is cut into SLICES slices and
// the shapes take turns. MGET and the pipeline are WIDTH = 100 keys wide and the large value is
// 100 kB, so that the per-key, per-command and per-KB differences stand well above the noise. It refuses a server that is
// a replica, in cluster mode, or holds more than `maxKeys` keys; it writes only keys under its own
// prefix and deletes them when done (also on failure).
import { Redis } from 'ioredis';
export class CalibrationRefused extends Error {
}
const PREFIX = 'cachetopo:calibrate:';
const SMALL_BYTES = 16;
const LARGE_BYTES = 100_000;
const WIDTH = 100;
const KEYS = 200;
/** Slices each shape's phase is cut into, the shapes taking turns, so that the machine's drift over seconds falls on every shape alike and cancels in the differences the fit takes. */
const SLICES = 5;
/** Connections of the busy client phase when the shapes are measured on one. */
const BUSY_CONNECTIONS = 8;
const emptySum = () => ({ done: 0, wallNs: 0, busyNs: 0, serverNs: 0, turns: 0 });
function loopPhase(connections, s) {
    const done = Math.max(1, s.done);
    return { connections, periodNs: s.wallNs / done, busyNs: s.busyNs / done, repliesPerTurn: s.done / Math.max(1, s.turns), serverNs: s.serverNs / done };
}
function info(text) {
    return Object.fromEntries(text.split('\r\n').filter((l) => l.includes(':')).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1)]));
}
/** One ShapeCosts per repetition, in the order measured. */
export async function measureLiveRedis(url, o) {
    const clients = Array.from({ length: Math.max(o.connections, BUSY_CONNECTIONS) }, () => {
        const c = new Redis(url, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0, retryStrategy: () => null, commandTimeout: 5000 });
        c.on('error', () => { });
        return c;
    });
    const main = clients[0];
    try {
        await Promise.all(clients.map((c) => c.connect())).catch((error) => {
            throw new CalibrationRefused(`cannot reach ${url}: ${error.message}`);
        });
        await refuseUnsafe(main, url, o.maxKeys);
        const small = 'v'.repeat(SMALL_BYTES);
        const large = 'V'.repeat(LARGE_BYTES);
        const smallKeys = Array.from({ length: KEYS }, (_, i) => `${PREFIX}s:${i}`);
        const largeKeys = Array.from({ length: KEYS }, (_, i) => `${PREFIX}l:${i}`);
        await main.mset(...smallKeys.flatMap((k) => [k, small]));
        await main.mset(...largeKeys.flatMap((k) => [k, large]));
        const pick = (keys) => keys[Math.floor(Math.random() * keys.length)];
        const cpu = async () => {
            const i = info(await main.info('cpu'));
            return (Number(i['used_cpu_user_main_thread'] ?? i['used_cpu_user']) + Number(i['used_cpu_sys_main_thread'] ?? i['used_cpu_sys'])) * 1e9;
        };
        /** Runs `request` in a closed loop on `connections` connections for `ms`, adding what it measured to `sum`. */
        const slice = async (connections, request, ms, sum) => {
            const before = await cpu();
            const loopBefore = performance.eventLoopUtilization();
            let done = 0;
            let turns = 0;
            let turnMarked = false;
            const turnEnded = () => {
                turnMarked = false;
                turns++;
            };
            const started = performance.now();
            const until = started + ms;
            await Promise.all(clients.slice(0, connections).map(async (c) => {
                while (performance.now() < until) {
                    await request(c);
                    done++;
                    if (!turnMarked) {
                        turnMarked = true;
                        setImmediate(turnEnded);
                    }
                }
            }));
            sum.wallNs += (performance.now() - started) * 1e6;
            sum.busyNs += performance.eventLoopUtilization(loopBefore).active * 1e6;
            sum.serverNs += (await cpu()) - before;
            sum.done += done;
            sum.turns += turns;
        };
        const getSmall = (c) => c.get(pick(smallKeys));
        const mget = (c) => c.mget(Array.from({ length: WIDTH }, () => pick(smallKeys)));
        const pipeline = (c) => {
            const p = c.pipeline();
            for (let i = 0; i < WIDTH; i++)
                p.get(pick(smallKeys));
            return p.exec();
        };
        const getLarge = (c) => c.get(pick(largeKeys));
        const otherConnections = o.connections > 1 ? 1 : BUSY_CONNECTIONS;
        await slice(Math.max(o.connections, BUSY_CONNECTIONS), getSmall, o.phaseMs, emptySum());
        const repetitions = [];
        for (let r = 0; r < o.repeats; r++) {
            const sums = Array.from({ length: 5 }, emptySum);
            for (let k = 0; k < SLICES; k++) {
                await slice(o.connections, getSmall, o.phaseMs / SLICES, sums[0]);
                await slice(otherConnections, getSmall, o.phaseMs / SLICES, sums[1]);
                await slice(o.connections, mget, o.phaseMs / SLICES, sums[2]);
                await slice(o.connections, pipeline, o.phaseMs / SLICES, sums[3]);
                await slice(o.connections, getLarge, o.phaseMs / SLICES, sums[4]);
            }
            const shapes = loopPhase(o.connections, sums[0]);
            const other = loopPhase(otherConnections, sums[1]);
            repetitions.push({
                getSmallNs: shapes.serverNs, mgetNs: loopPhase(o.connections, sums[2]).serverNs, pipelineNs: loopPhase(o.connections, sums[3]).serverNs,
                getLargeNs: loopPhase(o.connections, sums[4]).serverNs, width: WIDTH, smallKB: SMALL_BYTES / 1000, largeKB: LARGE_BYTES / 1000,
                single: o.connections > 1 ? other : shapes, busy: o.connections > 1 ? shapes : other,
            });
        }
        return repetitions;
    }
    finally {
        await cleanUp(main).catch(() => { });
        for (const c of clients)
            c.disconnect();
    }
}
async function refuseUnsafe(c, url, maxKeys) {
    const server = info(await c.info('replication'));
    if (server['role'] !== 'master')
        throw new CalibrationRefused(`${url} is a replica (read-only): calibrate a primary or a standalone server`);
    const cluster = info(await c.info('cluster'));
    if (cluster['cluster_enabled'] === '1')
        throw new CalibrationRefused(`${url} runs in cluster mode: calibrate one standalone server (its costs are the same)`);
    const keys = await c.dbsize();
    if (keys > maxKeys) {
        throw new CalibrationRefused(`${url} holds ${keys} keys in its database: calibrate needs a server with at most ${maxKeys} (--max-keys) so that its timings are not disturbed and nothing of yours is at risk`);
    }
    const [, mine] = await c.scan('0', 'MATCH', `${PREFIX}*`, 'COUNT', 1000);
    if (mine.length > 0)
        throw new CalibrationRefused(`${url} already holds keys under ${PREFIX}: another calibration may be running`);
}
async function cleanUp(c) {
    if (c.status !== 'ready')
        return;
    const keys = Array.from({ length: KEYS }, (_, i) => [`${PREFIX}s:${i}`, `${PREFIX}l:${i}`]).flat();
    await c.del(...keys);
}
//# sourceMappingURL=measure-live-redis.js.map