// Hit-ratio-only simulation: every (policy, capacity) pair replays the same trace through the same
// cache policies the L1 tier uses; a miss inserts the key.
import { access } from '../../models/cache/cache-policy.js';
import { CACHE_POLICIES } from '../../models/cache/policy-registry.js';
export function replay(trace, policies, capacities) {
    return policies.flatMap((policy) => capacities.map((capacity) => {
        const cache = CACHE_POLICIES[policy](capacity);
        const keys = trace.keys;
        let hits = 0;
        for (let i = 0; i < keys.length; i++)
            if (access(cache, keys[i]))
                hits++;
        return { policy, capacity, requests: keys.length, hits, hitRatio: keys.length > 0 ? hits / keys.length : 0 };
    }));
}
//# sourceMappingURL=replay.js.map