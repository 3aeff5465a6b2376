/**
 * One mutation worker (forked by scripts/mutate/run.ts, one per `--workers`, each in its own temporary copy of the
 * repository, cwd = that copy, HARDHAT_CONFIG = hardhat.mutate.config.ts). Hardhat, solc-js and the test helpers
 * load once, and the whole project is compiled once (`hardhat compile` under the mutation config); then for each job
 * the worker writes the source, compiles that one file in-process with the same settings and rewrites that one
 * contract's artifact, resets the in-process chain (`hardhat_reset`), forgets every test module (so `describe`
 * blocks and fixtures are built anew against the new bytecode) and runs the job's test files with mocha `--bail`.
 *
 * Compiling only the mutated file is exact for the targets of scripts/mutate/targets.ts: each file holds one
 * contract, which no other contract inherits, creates with `new`, links or reads a constant of (checked when a
 * target is added: `grep -rn "new LendingPool\|is LendingPool\|LendingPool\.[A-Z_]" contracts`), so no other
 * artifact's bytecode depends on it.
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

// eslint-disable-next-line @typescript-eslint/no-require-imports
const hre = require("hardhat") as typeof import("hardhat");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Mocha = require("mocha") as typeof import("mocha");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const solc = require("solc") as { compile(input: string, callbacks: { import(p: string): object }): string };

interface SolcOutput {
  errors?: { severity: string; formattedMessage: string }[];
  contracts?: Record<
    string,
    Record<string, { abi: unknown; evm: Record<string, { object: string; linkReferences: object }> }>
  >;
}

/** Compiles `file` alone (with its imports) with the project's mutation settings; rewrites its artifact. */
function compileOne(file: string): string | undefined {
  const settings = hre.config.solidity.compilers[0].settings as Record<string, unknown>;
  const input = {
    language: "Solidity",
    sources: { [file]: { content: fs.readFileSync(path.join(ROOT, file), "utf8") } },
    settings: {
      ...settings,
      outputSelection: {
        [file]: {
          "*": [
            "abi",
            "evm.bytecode.object",
            "evm.bytecode.linkReferences",
            "evm.deployedBytecode.object",
            "evm.deployedBytecode.linkReferences",
          ],
        },
      },
    },
  };
  const findImports = (p: string) => {
    const local = path.join(ROOT, p);
    const full = fs.existsSync(local) ? local : path.join(ROOT, "node_modules", p);
    return fs.existsSync(full) ? { contents: fs.readFileSync(full, "utf8") } : { error: `not found: ${p}` };
  };
  const out = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports })) as SolcOutput;
  const errors = (out.errors ?? []).filter((e) => e.severity === "error");
  if (errors.length > 0) return errors[0].formattedMessage.split("\n")[0];
  for (const [name, c] of Object.entries(out.contracts?.[file] ?? {})) {
    const artifactFile = path.join(ROOT, "artifacts", file, `${name}.json`);
    const artifact = JSON.parse(fs.readFileSync(artifactFile, "utf8")) as Record<string, unknown>;
    artifact.abi = c.abi;
    artifact.bytecode = `0x${c.evm.bytecode.object}`;
    artifact.deployedBytecode = `0x${c.evm.deployedBytecode.object}`;
    artifact.linkReferences = c.evm.bytecode.linkReferences;
    artifact.deployedLinkReferences = c.evm.deployedBytecode.linkReferences;
    fs.writeFileSync(artifactFile, JSON.stringify(artifact, null, 2));
  }
  return undefined;
}

async function runJob(job: Job): Promise<Outcome> {
  writeSource(job);
  const t0 = Date.now();
  const compileError = compileOne(job.file);
  if (compileError !== undefined) {
    return {
      id: job.id,
      outcome: "compile-error",
      compileSeconds: (Date.now() - t0) / 1000,
      testSeconds: 0,
      message: compileError,
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

let compiled: Promise<unknown> | undefined;
process.on("message", (job: Job) => {
  // The whole project once, from the pristine copy, before the first job writes anything.
  compiled ??= hre.run("compile", { quiet: true });
  compiled
    .then(() => runJob(job))
    .catch((e): Outcome => ({ id: job.id, outcome: "error", compileSeconds: 0, testSeconds: 0, message: firstLine(e) }))
    .then((o) => process.send?.(o));
});
// A promise a failed test left behind must not end the worker between two jobs (mocha catches them during a run).
process.on("unhandledRejection", () => undefined);
process.send?.({ ready: true });
