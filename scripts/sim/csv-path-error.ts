/** A CSV replay file that cannot be read; the message names the source and line. */
export class PathCsvError extends Error {
  constructor(
    readonly source: string,
    readonly line: number,
    problem: string,
  ) {
    super(`${source}:${line}: ${problem}`);
    this.name = "PathCsvError";
  }
}
