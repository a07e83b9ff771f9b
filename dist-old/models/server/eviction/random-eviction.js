// `allkeys-random`: the victim is a uniformly random present key, drawn from the server's own
// eviction stream (Redis draws a random dictionary entry). No parameters.
/** `allkeys-random`: a uniformly random present key. */
export class RandomEviction {
    keyspace;
    rng;
    evicts = true;
    constructor(keyspace, rng) {
        this.keyspace = keyspace;
        this.rng = rng;
    }
    touch() { }
    inserted() { }
    victim() {
        const entry = this.keyspace.randomEntry(this.rng());
        return entry < 0 ? -1 : this.keyspace.keyAt(entry);
    }
}
//# sourceMappingURL=random-eviction.js.map