// Named random streams. Each model asks for its own stream by path ("workload/arrivals",
// "server/primary-0/eviction"), derived from (rootSeed, path), so adding a model never shifts what
// another one draws. Built on seedrandom's alea: fast, 2^116 period, portable across platforms.
import seedrandom from 'seedrandom';
export class RngStreams {
    rootSeed;
    constructor(rootSeed) {
        this.rootSeed = rootSeed;
    }
    /** The stream for `path`; asking twice for the same path gives two identical, independent generators. */
    stream(path) {
        return seedrandom.alea(`${this.rootSeed}/${path}`);
    }
}
/** Root seed of replication `replication` (0-based) of a run whose scenario seed is `seed`: replication 0 keeps the seed. */
export function replicationSeed(seed, replication) {
    if (replication === 0)
        return seed;
    const rng = seedrandom.alea(`replication/${seed}/${replication}`);
    return Math.floor(rng() * 2 ** 32);
}
//# sourceMappingURL=rng.js.map