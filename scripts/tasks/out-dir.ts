/**
 * `--out` is checked before any work starts: the folder is created (one level at a time: Node's recursive mkdir
 * loops forever under /proc) and a probe directory is made and removed in it, so an unusable folder is refused in
 * a second instead of after the whole simulation.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { UserError } from "./cli-errors";

const reason = (e: unknown) => {
  const err = e as NodeJS.ErrnoException;
  const known: Record<string, string> = {
    ENOTDIR: "is not a directory",
    EACCES: "permission denied",
    EPERM: "not permitted",
    EROFS: "read-only file system",
    ENOENT: "cannot be created there",
    ENOSPC: "no space left on the device",
    ENAMETOOLONG: "name too long",
  };
  return known[err.code ?? ""] ?? err.message;
};

/** Creates `dir` (and its missing parents) and checks a run can be written in it; returns its absolute path. */
export function prepareOutDir(dir: string, flag = "--out"): string {
  const abs = path.resolve(dir);
  const missing: string[] = [];
  let existing = abs;
  for (;;) {
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(existing);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "ENOTDIR") {
        // a parent is a file: find which one, to name it
        const parent = path.dirname(existing);
        if (parent === existing) throw new UserError(`${flag} ${dir}: ${reason(e)}`);
        missing.unshift(existing);
        existing = parent;
        continue;
      }
      if (code !== "ENOENT") throw new UserError(`${flag} ${dir}: ${existing} ${reason(e)}`);
    }
    if (st) {
      if (!st.isDirectory()) throw new UserError(`${flag} ${dir}: ${existing} is not a directory`);
      break;
    }
    const parent = path.dirname(existing);
    if (parent === existing) break;
    missing.unshift(existing);
    existing = parent;
  }
  for (const d of missing) {
    try {
      fs.mkdirSync(d);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") {
        throw new UserError(`${flag} ${dir}: cannot create ${d}: ${reason(e)}`);
      }
    }
  }
  try {
    fs.rmdirSync(fs.mkdtempSync(path.join(abs, ".cascade-probe-")));
  } catch (e) {
    throw new UserError(`${flag} ${dir}: cannot write in ${abs}: ${reason(e)}`);
  }
  return abs;
}
