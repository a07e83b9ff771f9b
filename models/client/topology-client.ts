// What the workload (and an L1 tier in front) sees of a topology's client library on one
// application host: it takes workload requests and reports their completions.

import type { RequestCompletion } from './request-completion.js';

/** A client library instance on one application host: takes workload requests, reports completions. */
export interface TopologyClient {
  submit(req: number): void;
  readonly completion: RequestCompletion;
}
