// Where a command writes and which directory its paths are relative to: the real process, or a
// buffer in tests (so commands run in-process without spawning).

export interface TextSink {
  write(text: string): Promise<void>;
}

export interface CliIo {
  /** User paths (files, globs) are resolved against this, like a shell would. */
  cwd: string;
  stdout: TextSink;
  stderr: TextSink;
}

/**
 * Exit codes: 1 = the command could not do its job (upload rejected, database in use);
 * 2 = ran, but some input failed; 64 = bad usage (sysexits EX_USAGE).
 */
export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_FAILURE = 2;
export const EXIT_USAGE = 64;

function streamSink(stream: NodeJS.WritableStream): TextSink {
  return {
    write: (text) =>
      new Promise((resolve, reject) => {
        // Waiting for the write callback keeps output backpressured (a slow pipe, `| head`).
        stream.write(text, (error) => (error ? reject(error) : resolve()));
      }),
  };
}

export function processIo(): CliIo {
  return { cwd: process.cwd(), stdout: streamSink(process.stdout), stderr: streamSink(process.stderr) };
}

export interface BufferedIo extends CliIo {
  readonly out: string[];
  readonly err: string[];
  stdoutText(): string;
  stderrText(): string;
}

export function createBufferedIo(cwd: string): BufferedIo {
  const out: string[] = [];
  const err: string[] = [];
  return {
    cwd,
    out,
    err,
    stdout: { write: async (text) => void out.push(text) },
    stderr: { write: async (text) => void err.push(text) },
    stdoutText: () => out.join(""),
    stderrText: () => err.join(""),
  };
}
