// What a client library asks of its application host's CPU: run some work, then call back. Two
// hosts implement it: CpuPool (threads on identical cores, FIFO) and EventLoop (one thread turning a
// Node-style event loop).
export {};
//# sourceMappingURL=host-cpu.js.map