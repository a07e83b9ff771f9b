// Types for redis-parser 3 (a RESP parser; it ships none): the part used here.
declare module 'redis-parser' {
  interface ParserOptions {
    returnReply(reply: unknown): void;
    returnError(error: Error): void;
    returnFatalError?(error: Error): void;
    returnBuffers?: boolean;
  }
  export default class Parser {
    constructor(options: ParserOptions);
    execute(data: Buffer): void;
  }
}
