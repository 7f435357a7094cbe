/**
 * A problem that keeps a server from starting (bad environment, unsafe auth setup, missing
 * credentials under --require-credentials). Its message is one line written for an operator;
 * main.ts prints it without a stack trace and exits non-zero.
 */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StartupError";
  }
}
