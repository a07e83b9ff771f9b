// What the workload (and an L1 tier in front) sees of a topology's client library on one
// application host: it takes workload requests and reports their completions.
export {};
//# sourceMappingURL=topology-client.js.map