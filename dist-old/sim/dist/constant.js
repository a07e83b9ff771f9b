/** Always `value`. Draws nothing from the stream. */
export class Constant {
    value;
    constructor(value) {
        this.value = value;
    }
    get mean() {
        return this.value;
    }
    sample() {
        return this.value;
    }
}
//# sourceMappingURL=constant.js.map