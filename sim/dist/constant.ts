import type { Distribution } from './distribution.js';

/** Always `value`. Draws nothing from the stream. */
export class Constant implements Distribution {
  constructor(readonly value: number) {}

  get mean(): number {
    return this.value;
  }

  sample(): number {
    return this.value;
  }
}
