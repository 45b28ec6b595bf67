import type { Duplex } from "node:stream";

/**
 * `source.pipe(destination)` that also passes the source's error on: `pipe` does not, so a
 * download that broke off mid-body left the reader waiting, and its 'error' with no listener ended
 * the process (a worker crashed on a dropped connection instead of retrying the file).
 */
export function pipeWithErrors<T extends Duplex>(source: NodeJS.ReadableStream, destination: T): T {
  source.once("error", (error: Error) => {
    destination.destroy(error);
  });
  return source.pipe(destination);
}
