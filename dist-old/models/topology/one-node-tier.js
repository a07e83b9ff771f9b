// The shared tier of a topology whose writes all go to one node (single, or a primary with
// replicas): invalidations are published on that node (the first server) and every host
// subscribes there; sharded pub/sub is the same thing without a cluster. Reads go where the
// client library sends them.
const FIRST = [0];
export function oneNodeTier(servers, readNodes = () => FIRST) {
    return { servers, readNodes, publishTo: () => 0, subscribeOn: () => FIRST };
}
//# sourceMappingURL=one-node-tier.js.map