/**
 * The sweep folder's ledger: `runs.jsonl`, one finished run per line, appended (and flushed) as each run finishes.
 * It is what makes a sweep resumable and crash-safe: a rerun reads it and skips the runs it holds; a line cut short
 * by a crash is ignored; a run recorded twice (a retried job) counts once, by its run id.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { RunRecord } from "./job";

export const LEDGER = "runs.jsonl";

export class RunLedger {
  readonly file: string;
  private readonly byId = new Map<string, RunRecord>();

  constructor(readonly dir: string) {
    fs.mkdirSync(dir, { recursive: true });
    this.file = path.join(dir, LEDGER);
    if (!fs.existsSync(this.file)) return;
    for (const line of fs.readFileSync(this.file, "utf8").split("\n")) {
      if (line.trim() === "") continue;
      let r: RunRecord;
      try {
        r = JSON.parse(line) as RunRecord;
      } catch {
        continue; // the last line of a killed sweep may be cut short
      }
      if (typeof r.runId === "string" && !this.byId.has(r.runId)) this.byId.set(r.runId, r);
    }
  }

  has(runId: string): boolean {
    return this.byId.has(runId);
  }

  get(runId: string): RunRecord | undefined {
    return this.byId.get(runId);
  }

  get size(): number {
    return this.byId.size;
  }

  /** Records a finished run (a second record of the same run id is ignored); false when it was already there. */
  add(r: RunRecord): boolean {
    if (this.byId.has(r.runId)) return false;
    this.byId.set(r.runId, r);
    const fd = fs.openSync(this.file, "a");
    try {
      // A crash can leave a cut line behind: start on a fresh line so that it never swallows this one.
      fs.writeSync(fd, "\n" + JSON.stringify(r) + "\n");
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    return true;
  }
}
