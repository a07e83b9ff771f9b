// `noeviction` (Redis's default policy): nothing is evicted; over maxmemory the server answers
// writes with OOM and still serves reads (see redis-server.ts). No parameters.
/** `noeviction`: nothing is ever evicted; the server refuses writes over maxmemory (OOM). */
export class NoEviction {
    evicts = false;
    touch() { }
    inserted() { }
    victim() {
        return -1;
    }
}
//# sourceMappingURL=no-eviction.js.map