/**
 * One mutation worker (forked by scripts/mutate/run.ts, one per `--workers`, each in its own temporary copy of the
 * repository, cwd = that copy, HARDHAT_CONFIG = hardhat.mutate.config.ts). Hardhat, solc-js and the test helpers
 * load once; then for each job the worker writes the source, compiles in-process (only what changed), resets the
 * in-process chain (`hardhat_reset`), forgets every test module (so `describe` blocks and fixtures are built anew
 * against the new bytecode) and runs the job's test files with mocha `--bail`.
 *
 * Messages: parent → { id, file, source, tests } ; worker → { id, outcome, ... } (see Outcome).
 */
import * as fs from "node:fs";
import * as path from "node:path";

export interface Job {
  id: number;
  /** Contract source path relative to the copy. */
  file: string;
  /** Full text to write there (the mutant, or the original for a baseline). */
  source: string;
  /** Test files relative to the copy, in the order to run them. */
  tests: string[];
}
export interface Outcome {
  id: number;
  outcome: "passed" | "failed" | "compile-error" | "error";
  compileSeconds: number;
  testSeconds: number;
  /** Failing test (full title) and the file it is in, when failed. */
  failedTest?: string;
  failedFile?: string;
  /** First line of the error (failed test, compile error or worker error). */
  message?: string;
}

const ROOT = process.cwd();
/** Original text of every contract file this worker has written, to put it back when a job targets another file. */
const originals = new Map<string, string>();

function writeSource(job: Job) {
  for (const [file, text] of originals) {
    if (file !== job.file && fs.readFileSync(path.join(ROOT, file), "utf8") !== text) {
      fs.writeFileSync(path.join(ROOT, file), text);
    }
  }
  const full = path.join(ROOT, job.file);
  if (!originals.has(job.file)) originals.set(job.file, fs.readFileSync(full, "utf8"));
  if (fs.readFileSync(full, "utf8") !== job.source) fs.writeFileSync(full, job.source);
}

/** Drop the test files, their helpers, the project's scripts and the fixture snapshots from the module cache. */
function forgetTestModules() {
  const roots = ["test", "scripts", "typechain-types"].map((d) => path.join(fs.realpathSync(ROOT), d) + path.sep);
  const self = path.join(fs.realpathSync(ROOT), "scripts", "mutate") + path.sep;
  for (const key of Object.keys(require.cache)) {
    const ours = roots.some((r) => key.startsWith(r)) && !key.startsWith(self);
    if (ours || key.includes(`${path.sep}hardhat-network-helpers${path.sep}`)) delete require.cache[key];
  }
}

const firstLine = (e: unknown) =>
  String((e as Error)?.message ?? e)
    .split("\n")
    .find((l) => l.trim() !== "")
    ?.trim()
    .slice(0, 240);

async function runJob(job: Job): Promise<Outcome> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const hre = require("hardhat") as typeof import("hardhat");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Mocha = require("mocha") as typeof import("mocha");
  writeSource(job);
  const t0 = Date.now();
  try {
    await hre.run("compile", { quiet: true });
  } catch (e) {
    const message = firstLine(e);
    const compileError = /HH600|Compilation failed|CompilerError|DeclarationError|TypeError/.test(String(e));
    return {
      id: job.id,
      outcome: compileError ? "compile-error" : "error",
      compileSeconds: (Date.now() - t0) / 1000,
      testSeconds: 0,
      message,
    };
  }
  const t1 = Date.now();
  await hre.network.provider.request({ method: "hardhat_reset", params: [] });
  forgetTestModules();
  const mocha = new Mocha({ ...hre.config.mocha, bail: true, reporter: "base" });
  for (const t of job.tests) mocha.addFile(path.join(ROOT, t));
  let failedTest: string | undefined;
  let failedFile: string | undefined;
  let message: string | undefined;
  const failures = await new Promise<number>((resolve) => {
    const runner = mocha.run(resolve);
    runner.on("fail", (test, err) => {
      if (failedTest !== undefined) return;
      failedTest = test.fullTitle();
      failedFile = test.file ? path.relative(ROOT, test.file) : undefined;
      message = firstLine(err);
    });
  });
  return {
    id: job.id,
    outcome: failures === 0 ? "passed" : "failed",
    compileSeconds: (t1 - t0) / 1000,
    testSeconds: (Date.now() - t1) / 1000,
    failedTest,
    failedFile,
    message,
  };
}

process.on("message", (job: Job) => {
  runJob(job)
    .catch((e): Outcome => ({ id: job.id, outcome: "error", compileSeconds: 0, testSeconds: 0, message: firstLine(e) }))
    .then((o) => process.send?.(o));
});
// A promise a failed test left behind must not end the worker between two jobs (mocha catches them during a run).
process.on("unhandledRejection", () => undefined);
process.send?.({ ready: true });
