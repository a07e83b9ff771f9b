// The network: hosts in zones (zones in regions), each host with a NIC of one bandwidth in each
// direction. A message from A to B waits for A's NIC (FIFO), leaves at A's bandwidth, travels a
// propagation latency drawn from the zone pair's distribution, and is received through B's NIC.
//
// Reception is modeled as cut-through (pipelined), not store-and-forward: the last byte is delivered
// at max(last byte arrives from the wire, B's NIC start + size/bandwidth), where B's NIC serves
// messages FIFO in order of their first byte's arrival. So an idle path costs one serialization, and
// incast onto one receiver queues at its NIC. Messages of one channel (a TCP connection) never
// overtake each other.
// NOTE: one event per message when the receiver's NIC is free. A message's event is set at its last
// byte off the wire, the earliest it can be delivered. By then every message whose first byte reached
// the receiver before its own has been sent. So the event settles the receiver's FIFO up to itself,
// in first-byte order (each receiver keeps a small heap of its messages in flight), and only a
// message that the FIFO delays takes a second event, at its delivery.
// Faults: a partition splits hosts into two sides and drops every message between them; a degraded
// host multiplies the latency of its messages and loses a share of them (drawn from the network's
// own stream). A dropped message still used its sender's NIC.
// Abstracted away: TCP/IP header bytes and ACKs (≈3-5 % on a LAN), slow start, retransmission (a
// lost message is gone; the sender's timeouts deal with it), switch buffers.
// Parameters: bandwidth (bits/s), latency distributions (ns) per zone relation.
import { createDistribution } from '../../sim/dist/registry.js';
import { NET_MESSAGE } from '../signals.js';
/** A FIFO stream between two endpoints (a TCP connection): its messages arrive in send order. */
export class Channel {
    lastFirstByteNs = 0;
}
export class Network {
    engine;
    nsPerByte;
    latencyRng;
    latency;
    zoneRegion;
    zoneNames;
    hostZone = [];
    hostNames = [];
    egressFreeNs = new Float64Array(16);
    side = new Float64Array(16);
    latencyFactor = new Float64Array(16).fill(1);
    lossRate = new Float64Array(16);
    partitioned = false;
    degraded = 0;
    lossRng;
    ingressFreeNs = new Float64Array(16);
    signal;
    record = { purpose: 0, sizeBytes: 0, src: 0, dst: 0 };
    // Messages in flight (struct of arrays with a free list): receiver, first and last byte at the
    // receiver, send order, delivery time once the receiver's FIFO has settled it (−1 before).
    flightDst = new Int32Array(64);
    flightFirstByteNs = new Float64Array(64);
    flightLastByteNs = new Float64Array(64);
    flightSeq = new Float64Array(64);
    flightDeliverNs = new Float64Array(64);
    flightData = new Float64Array(64);
    flightHandler = [];
    flightFree = [];
    nextSeq = 0;
    /** Per receiver: its messages not yet settled, a binary min-heap of flights by (first byte, send order). */
    unsettled = [];
    onLastByte = (flight) => this.lastByte(flight);
    onDeliver = (flight) => this.deliver(flight);
    constructor(engine, params, streams, bus) {
        this.engine = engine;
        this.nsPerByte = params.bandwidth === Infinity ? 0 : 8e9 / params.bandwidth;
        this.latencyRng = streams.stream('network/latency');
        this.lossRng = streams.stream('network/loss');
        this.latency = [params.latency.sameZone, params.latency.crossZone, params.latency.crossRegion]
            .map((spec) => createDistribution(spec));
        this.zoneNames = params.zones.map((z) => z.name);
        const regions = [...new Set(params.zones.map((z) => z.region))];
        this.zoneRegion = params.zones.map((z) => regions.indexOf(z.region));
        this.signal = bus.signal(NET_MESSAGE);
    }
    zoneOf(host) {
        return this.hostZone[host];
    }
    get zoneCount() {
        return this.zoneNames.length;
    }
    /** Adds a host in zone `zone` (index into the scenario's zones); returns its id. */
    addHost(name, zone) {
        if (zone < 0 || zone >= this.zoneNames.length)
            throw new RangeError(`no zone ${zone}`);
        const id = this.hostZone.length;
        this.hostZone.push(zone);
        this.hostNames.push(name);
        this.unsettled.push([]);
        if (id >= this.egressFreeNs.length) {
            this.egressFreeNs = grow(this.egressFreeNs);
            this.ingressFreeNs = grow(this.ingressFreeNs);
            this.side = grow(this.side);
            this.lossRate = grow(this.lossRate);
            const factor = grow(this.latencyFactor);
            factor.fill(1, this.latencyFactor.length);
            this.latencyFactor = factor;
        }
        return id;
    }
    hostName(host) {
        return this.hostNames[host];
    }
    /** Splits the network: `hosts` on one side, every other host on the other; messages across are dropped. */
    partition(hosts) {
        this.side.fill(0);
        for (const h of hosts)
            this.side[h] = 1;
        this.partitioned = true;
    }
    heal() {
        this.side.fill(0);
        this.partitioned = false;
    }
    /** Multiplies the latency of `host`'s messages by `factor` and drops a share `loss` of them (factor 1, loss 0: restore). */
    degrade(host, factor, loss) {
        const was = this.latencyFactor[host] !== 1 || this.lossRate[host] !== 0;
        this.latencyFactor[host] = factor;
        this.lossRate[host] = loss;
        const is = factor !== 1 || loss !== 0;
        this.degraded += (is ? 1 : 0) - (was ? 1 : 0);
    }
    /** Serialization time of `sizeBytes` on one NIC, ns. */
    serializationNs(sizeBytes) {
        return Math.round(sizeBytes * this.nsPerByte);
    }
    /** Sends `sizeBytes` from `src` to `dst` on `channel`; `deliver(data)` runs when the last byte is received. */
    send(src, dst, sizeBytes, purpose, channel, deliver, data) {
        const now = this.engine.now;
        const serNs = this.serializationNs(sizeBytes);
        const leaveNs = Math.max(now, this.egressFreeNs[src]);
        this.egressFreeNs[src] = leaveNs + serNs;
        if (this.signal.active) {
            const r = this.record;
            r.purpose = purpose;
            r.sizeBytes = sizeBytes;
            r.src = src;
            r.dst = dst;
            this.signal.emit(r);
        }
        if (this.partitioned && this.side[src] !== this.side[dst])
            return;
        let latency = this.latencyBetween(src, dst);
        if (this.degraded > 0) {
            const loss = Math.max(this.lossRate[src], this.lossRate[dst]);
            if (loss > 0 && this.lossRng() < loss)
                return;
            latency *= Math.max(this.latencyFactor[src], this.latencyFactor[dst]);
        }
        let firstByteNs = leaveNs + Math.round(latency);
        if (channel) {
            if (firstByteNs < channel.lastFirstByteNs)
                firstByteNs = channel.lastFirstByteNs;
            channel.lastFirstByteNs = firstByteNs;
        }
        if (serNs === 0) {
            this.engine.at(firstByteNs, deliver, data);
            return;
        }
        const flight = this.allocFlight();
        this.flightDst[flight] = dst;
        this.flightFirstByteNs[flight] = firstByteNs;
        this.flightLastByteNs[flight] = firstByteNs + serNs;
        this.flightSeq[flight] = this.nextSeq++;
        this.flightDeliverNs[flight] = -1;
        this.flightData[flight] = data;
        this.flightHandler[flight] = deliver;
        this.pushUnsettled(this.unsettled[dst], flight);
        this.engine.at(firstByteNs + serNs, this.onLastByte, flight);
    }
    /** The last byte of `flight` is off the wire: deliver it now, or when the receiver's NIC has passed it on. */
    lastByte(flight) {
        if (this.flightDeliverNs[flight] < 0)
            this.settle(flight);
        const deliverNs = this.flightDeliverNs[flight];
        if (deliverNs > this.engine.now)
            this.engine.at(deliverNs, this.onDeliver, flight);
        else
            this.deliver(flight);
    }
    /** Runs the receiver's FIFO, in first-byte order, over its messages up to and including `flight`. */
    settle(flight) {
        const dst = this.flightDst[flight];
        const heap = this.unsettled[dst];
        for (;;) {
            const next = heap[0];
            const firstByteNs = this.flightFirstByteNs[next];
            const lastByteNs = this.flightLastByteNs[next];
            const startNs = Math.max(firstByteNs, this.ingressFreeNs[dst]);
            const deliverNs = Math.max(lastByteNs, startNs + (lastByteNs - firstByteNs));
            this.ingressFreeNs[dst] = deliverNs;
            this.flightDeliverNs[next] = deliverNs;
            this.popUnsettled(heap);
            if (next === flight)
                return;
        }
    }
    deliver(flight) {
        const handler = this.flightHandler[flight];
        const data = this.flightData[flight];
        this.flightHandler[flight] = null;
        this.flightFree.push(flight);
        handler(data);
    }
    /** Whether flight a's first byte reached its receiver before b's (ties: the one sent first). */
    before(a, b) {
        const fa = this.flightFirstByteNs[a];
        const fb = this.flightFirstByteNs[b];
        return fa < fb || (fa === fb && this.flightSeq[a] < this.flightSeq[b]);
    }
    pushUnsettled(heap, flight) {
        let hole = heap.length;
        heap.push(flight);
        while (hole > 0) {
            const parent = (hole - 1) >> 1;
            if (!this.before(flight, heap[parent]))
                break;
            heap[hole] = heap[parent];
            hole = parent;
        }
        heap[hole] = flight;
    }
    popUnsettled(heap) {
        const last = heap.pop();
        const size = heap.length;
        if (size === 0)
            return;
        let hole = 0;
        for (;;) {
            let child = 2 * hole + 1;
            if (child >= size)
                break;
            if (child + 1 < size && this.before(heap[child + 1], heap[child]))
                child++;
            if (!this.before(heap[child], last))
                break;
            heap[hole] = heap[child];
            hole = child;
        }
        heap[hole] = last;
    }
    latencyBetween(src, dst) {
        const za = this.hostZone[src];
        const zb = this.hostZone[dst];
        const relation = za === zb ? 0 : this.zoneRegion[za] === this.zoneRegion[zb] ? 1 : 2;
        return this.latency[relation].sample(this.latencyRng);
    }
    allocFlight() {
        const free = this.flightFree.pop();
        if (free !== undefined)
            return free;
        const id = this.flightHandler.length;
        this.flightHandler.push(null);
        if (id >= this.flightDst.length) {
            const n = this.flightDst.length * 2;
            const dst = new Int32Array(n);
            dst.set(this.flightDst);
            this.flightDst = dst;
            this.flightFirstByteNs = grow(this.flightFirstByteNs);
            this.flightLastByteNs = grow(this.flightLastByteNs);
            this.flightSeq = grow(this.flightSeq);
            this.flightDeliverNs = grow(this.flightDeliverNs);
            this.flightData = grow(this.flightData);
        }
        return id;
    }
}
function grow(a) {
    const b = new Float64Array(a.length * 2);
    b.set(a);
    return b;
}
//# sourceMappingURL=network.js.map