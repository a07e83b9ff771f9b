// What a topology builder receives and returns. A builder wires servers and clients from one
// topology entry of the scenario; everything else (network, workload, origin) is shared.
export {};
//# sourceMappingURL=topology.js.map