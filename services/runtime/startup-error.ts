/**
 * The exit code of a server that cannot start because of how it is configured (sysexits' EX_CONFIG):
 * restarting it cannot help, so the local fleet's supervisor does not, and shows the reason.
 */
export const EXIT_CONFIG = 78;

/**
 * A problem that keeps a server from starting (bad environment, unsafe auth setup, missing
 * credentials under --require-credentials). Its message is one line written for an operator;
 * main.ts prints it without a stack trace and exits with EXIT_CONFIG.
 */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StartupError";
  }
}
