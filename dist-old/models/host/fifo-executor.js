// A single-threaded executor serving jobs FIFO (a Redis main thread, a queueing-theory server).
// The owner decides each job's service time when it starts (so it can depend on state at that
// moment) and is told when it finishes. Pausing (SIGSTOP) lets the running job finish its slice
// only after resume: the remaining service is shifted by the pause. Blocking (a synchronous call
// such as MIGRATE waiting for its peer) starts no new job until unblocked; it is independent of
// pausing.
// Parameters: none; service times (ns) come from the owner.
import { IntQueue } from '../../sim/collections/int-queue.js';
export class FifoExecutor {
    engine;
    jobs;
    waiting = new IntQueue();
    busy = false;
    current = -1;
    completionId = -1;
    completionAtNs = 0;
    pausedAtNs = -1;
    /** Service time of the jobs started so far (ns). */
    committedNs = 0;
    onComplete = () => this.complete();
    constructor(engine, jobs) {
        this.engine = engine;
        this.jobs = jobs;
    }
    /** Busy time from 0 to `nowNs`: service started minus what the job in service still has ahead (all of it while paused). */
    busyNsAt(nowNs) {
        if (!this.busy)
            return this.committedNs;
        const ahead = this.paused ? this.completionAtNs - this.pausedAtNs : Math.max(0, this.completionAtNs - nowNs);
        return this.committedNs - ahead;
    }
    /** Jobs waiting (not counting the one in service). */
    get queueLength() {
        return this.waiting.length;
    }
    get paused() {
        return this.pausedAtNs >= 0;
    }
    blocked = false;
    /** Starts no new job until unblock() (the job in service, if any, still finishes). */
    block() {
        this.blocked = true;
    }
    unblock() {
        this.blocked = false;
        if (!this.busy && !this.paused && this.waiting.length > 0)
            this.startNext();
    }
    submit(job) {
        if (!this.busy && !this.paused && !this.blocked) {
            this.start(job);
            return;
        }
        this.waiting.push(job);
    }
    /** Stops serving (the process is frozen); jobs keep queueing. */
    pause() {
        if (this.paused)
            return;
        this.pausedAtNs = this.engine.now;
        if (this.busy)
            this.engine.cancel(this.completionId);
    }
    /** Resumes serving; the job that was in service finishes its remaining time. */
    resume() {
        if (!this.paused)
            return;
        const pausedForNs = this.engine.now - this.pausedAtNs;
        this.pausedAtNs = -1;
        if (this.busy) {
            this.completionAtNs += pausedForNs;
            this.completionId = this.engine.at(this.completionAtNs, this.onComplete);
        }
        else if (this.waiting.length > 0 && !this.blocked)
            this.startNext();
    }
    /** Drops every queued job and the one in service (a crash); returns the dropped jobs. */
    clear() {
        const dropped = [];
        if (this.busy) {
            this.committedNs = this.busyNsAt(this.engine.now);
            this.engine.cancel(this.completionId);
            dropped.push(this.current);
            this.busy = false;
        }
        while (this.waiting.length > 0)
            dropped.push(this.waiting.shift());
        return dropped;
    }
    start(job) {
        this.busy = true;
        this.current = job;
        const serviceNs = this.jobs.begin(job);
        this.committedNs += Math.round(serviceNs);
        this.completionAtNs = this.engine.now + Math.round(serviceNs);
        this.completionId = this.engine.at(this.completionAtNs, this.onComplete);
    }
    complete() {
        // busy stays true during finish(), so a job submitted from it queues behind those waiting.
        this.jobs.finish(this.current);
        this.busy = false;
        if (this.waiting.length > 0 && !this.paused && !this.blocked)
            this.startNext();
    }
    startNext() {
        this.start(this.waiting.shift());
    }
}
//# sourceMappingURL=fifo-executor.js.map