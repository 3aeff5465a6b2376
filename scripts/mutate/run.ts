/**
 * `npm run mutate`: mutation testing of the core contracts (operators in scripts/mutate/operators.ts, contracts and
 * judging tests in scripts/mutate/targets.ts). Every mutant is applied alone in a temporary copy of the repository
 * (never in the working tree), compiled and run against its contract's tests by a persistent worker
 * (scripts/mutate/worker.ts, config hardhat.mutate.config.ts): killed (a test fails), survived (all pass),
 * compile-error (solc refuses it: not counted) or equivalent (listed in scripts/mutate/equivalent.json with the
 * reason: not run, not counted). Results accumulate in docs/mutation.json (a rerun skips mutants already judged);
 * docs/MUTATION.md is regenerated from it after every run.
 *
 *   npm run mutate -- --workers 2                   # every mutant not judged yet (about an hour: docs/mutation.md)
 *   npm run mutate -- --contract LendingPool        # one contract (repeatable, or comma-separated)
 *   npm run mutate -- --contract LendingPool --fresh  # forget that contract's verdicts and judge it again
 *   npm run mutate -- --only LendingPool@349.1      # just these mutants (ids as --list prints them; @349 = the line)
 *   npm run mutate -- --rejudge survived            # judge again the mutants with these verdicts
 *   npm run mutate -- --max 10                      # at most 10 mutants per contract, spread evenly over the file
 *   npm run mutate -- --operator guard,modifier     # only these operators
 *   npm run mutate -- --list                        # list the mutants with their ids and verdicts, run nothing
 *   npm run mutate -- --report-only                 # regenerate docs/MUTATION.md from docs/mutation.json
 *   flags: --timeout 600 (seconds per mutant)  --report docs/MUTATION.md  --json docs/mutation.json  --keep (keep the temp copies)
 */
import { execSync, fork, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { apply, findMutants, mutantKey, OPERATORS, sample, type Mutant } from "./operators";
import { FUZZ_ENV, TARGETS, type Target } from "./targets";
import type { Job, Outcome } from "./worker";

const ROOT = path.resolve(__dirname, "..", "..");
const EQUIVALENT_FILE = path.join(__dirname, "equivalent.json");
const MUTATION_CONFIG = "hardhat.mutate.config.ts";

type Verdict = "killed" | "survived" | "compile-error" | "timeout" | "error" | "equivalent";
interface Selected extends Mutant {
  contract: string;
  /** `Contract@line.k`: the k-th mutant of that line (stable while the file does not change). */
  id: string;
}
interface Result extends Selected {
  verdict: Verdict;
  seconds: number;
  compileSeconds?: number;
  /** The first failing test's title and file, when killed; the error's first line otherwise. */
  killedBy?: string;
  killedIn?: string;
  message?: string;
}
interface Equivalent {
  file: string;
  operator: string;
  before: string;
  after: string;
  reason: string;
}

function args() {
  const all = (name: string) =>
    process.argv.flatMap((a, i) => (a === name && process.argv[i + 1] ? process.argv[i + 1].split(",") : []));
  const one = (name: string) => all(name)[0];
  return {
    contracts: all("--contract"),
    operators: all("--operator"),
    only: all("--only"),
    rejudge: all("--rejudge"),
    max: one("--max") === undefined ? Infinity : Number(one("--max")),
    workers: Math.max(1, Number(one("--workers") ?? 1)),
    timeout: Number(one("--timeout") ?? 600),
    report: path.resolve(ROOT, one("--report") ?? "docs/MUTATION.md"),
    json: path.resolve(ROOT, one("--json") ?? "docs/mutation.json"),
    list: process.argv.includes("--list"),
    keep: process.argv.includes("--keep"),
    fresh: process.argv.includes("--fresh"),
    reportOnly: process.argv.includes("--report-only"),
  };
}
type Args = ReturnType<typeof args>;

/** Key of a stored verdict: the mutant's text and place (a changed contract gives new keys: judged anew). */
const resultKey = (m: Mutant) => `${mutantKey(m)}|${m.offset}`;

/** A copy of the repository in a temp folder: sources, tests, config, compiled artifacts; node_modules linked. */
function tempCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cascade-mutate-"));
  const skip = new Set(["node_modules", ".git", "coverage", "coverage.json", "out", "dist", "docs", "bench"]);
  for (const entry of fs.readdirSync(ROOT)) {
    if (skip.has(entry)) continue;
    fs.cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true });
  }
  fs.mkdirSync(path.join(dir, "docs"));
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  return dir;
}

function expandTests(patterns: string[]): string[] {
  return [
    ...new Set(
      patterns.flatMap((p) => {
        const folder = path.dirname(p);
        const re = new RegExp("^" + path.basename(p).replace(/\./g, "\\.").replace(/\*/g, ".*") + "$");
        const full = path.join(ROOT, folder);
        if (!fs.existsSync(full)) return [];
        return fs
          .readdirSync(full)
          .filter((f) => re.test(f))
          .sort()
          .map((f) => `${folder}/${f}`);
      }),
    ),
  ];
}

function loadEquivalents(): Equivalent[] {
  return fs.existsSync(EQUIVALENT_FILE) ? (JSON.parse(fs.readFileSync(EQUIVALENT_FILE, "utf8")) as Equivalent[]) : [];
}

function loadResults(file: string): Result[] {
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as Result[]) : [];
}

function selectMutants(a: Args): { target: Target; mutants: Selected[] }[] {
  const named = [...a.contracts, ...a.only.map((o) => o.split("@")[0])];
  const unknown = named.filter((c) => !TARGETS.some((t) => t.name === c));
  if (unknown.length > 0) throw new Error(`unknown contract ${unknown} (known: ${TARGETS.map((t) => t.name)})`);
  const badOps = a.operators.filter((o) => !(OPERATORS as readonly string[]).includes(o));
  if (badOps.length > 0) throw new Error(`unknown --operator ${badOps} (known: ${OPERATORS})`);
  return TARGETS.filter((t) => a.contracts.length === 0 || a.contracts.includes(t.name)).map((target) => {
    const src = fs.readFileSync(path.join(ROOT, target.file), "utf8");
    const perLine = new Map<number, number>();
    const all = findMutants(target.file, src, a.operators.length > 0 ? a.operators : OPERATORS).map((m) => {
      const k = (perLine.get(m.line) ?? 0) + 1;
      perLine.set(m.line, k);
      return { ...m, contract: target.name, id: `${target.name}@${m.line}.${k}` };
    });
    const picked =
      a.only.length === 0
        ? all
        : all.filter((m) => a.only.some((o) => o === m.id || o === m.id.slice(0, m.id.lastIndexOf("."))));
    return { target, mutants: sample(picked, a.max) };
  });
}

const rate = (killed: number, survived: number) =>
  killed + survived === 0 ? "n/a" : `${((100 * killed) / (killed + survived)).toFixed(1)}%`;
const median = (xs: number[]) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((x, y) => x - y);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function gitRevision(): string {
  try {
    const head = execSync("git rev-parse --short HEAD", { cwd: ROOT, encoding: "utf8" }).trim();
    const dirty = execSync("git status --porcelain -- contracts test scripts/mutate", { cwd: ROOT, encoding: "utf8" });
    return dirty.trim() === "" ? head : `${head} with uncommitted changes`;
  } catch {
    return "unknown commit";
  }
}

function report(results: Result[], a: Args, equivalents: Equivalent[], run: string) {
  const order = (r: Result) => TARGETS.findIndex((t) => t.name === r.contract);
  results = [...results].sort((x, y) => order(x) - order(y) || x.offset - y.offset);
  const byContract = new Map<string, Result[]>(TARGETS.map((t) => [t.name, []]));
  for (const r of results) byContract.get(r.contract)?.push(r);
  /** Mutants the source has today, per contract (those without a stored verdict are "not judged yet"). */
  const existing = new Map(
    TARGETS.map((t) => [t.name, findMutants(t.file, fs.readFileSync(path.join(ROOT, t.file), "utf8")).length]),
  );
  const count = (rs: Result[], v: Verdict) => rs.filter((r) => r.verdict === v).length;
  const row = (name: string, rs: Result[], total: number) => {
    const killed = count(rs, "killed") + count(rs, "timeout");
    const survived = count(rs, "survived");
    const secs = median(rs.filter((r) => r.verdict === "killed").map((r) => r.seconds));
    return (
      `| ${name} | ${total} | ${total - rs.length} | ${killed} | ${survived} | ${count(rs, "compile-error")} | ` +
      `${count(rs, "equivalent")} | ${rate(killed, survived)} | ${Number.isNaN(secs) ? "–" : secs.toFixed(1)} |`
    );
  };
  const cell = (t: string) => `\`${t.replace(/\|/g, "\\|")}\``;
  const diff = (r: { before: string; after: string }) => `${cell(r.before)} → ${cell(r.after)}`;
  const survivors = results.filter((r) => r.verdict === "survived");
  const errors = results.filter((r) => r.verdict === "error");
  const judged = results.filter((r) => r.verdict !== "equivalent");
  const lines = [
    "# Mutation testing (generated)",
    "",
    "<!-- Written by `npm run mutate` (scripts/mutate/run.ts) from docs/mutation.json; do not edit by hand. " +
      "How to run: docs/mutation.md. -->",
    "",
    `Report of ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC, commit ${gitRevision()}; ` +
      `last run: ${run}. ${results.length} mutants; their verdicts in docs/mutation.json (mutants already judged are ` +
      `not run again: a contract's verdicts date from its last \`--fresh\` run or from when its mutants were first judged).`,
    "",
    "Kill rate = killed (incl. timeouts) ÷ (killed + survived); compile errors and listed equivalent mutants are not " +
      "counted. Seconds = median wall time of a killed mutant (compile + tests until the first failure), " +
      "optimizer off (hardhat.mutate.config.ts).",
    "",
    "| contract | mutants | not judged yet | killed | survived | compile error | equivalent | kill rate | s / killed mutant |",
    "|---|---|---|---|---|---|---|---|---|",
    ...[...byContract.entries()].map(([name, rs]) => row(name, rs, existing.get(name)!)),
    row(
      "**all**",
      results,
      [...existing.values()].reduce((x, y) => x + y, 0),
    ),
    "",
    `Total time of the judged mutants: ${Math.round(judged.reduce((s, r) => s + r.seconds, 0) / 60)} worker-minutes.`,
    "",
    "## Survivors",
    "",
    survivors.length === 0
      ? "None."
      : [
          "| id | operator | change |",
          "|---|---|---|",
          ...survivors.map((r) => `| ${r.id} | ${r.operator} | ${diff(r)} |`),
        ].join("\n"),
    "",
    ...(errors.length === 0
      ? []
      : [
          "## Not judged (worker error: rerun with `--rejudge error`)",
          "",
          ...errors.map((r) => `- ${r.id} ${r.operator}: ${diff(r)}: ${r.message ?? ""}`),
          "",
        ]),
    "## Equivalent mutants (scripts/mutate/equivalent.json)",
    "",
    equivalents.length === 0
      ? "None listed."
      : [
          "| file | operator | change | reason |",
          "|---|---|---|---|",
          ...equivalents.map((e) => `| ${e.file} | ${e.operator} | ${diff(e)} | ${e.reason.replace(/\|/g, "\\|")} |`),
        ].join("\n"),
    "",
  ];
  fs.mkdirSync(path.dirname(a.report), { recursive: true });
  fs.writeFileSync(a.report, lines.join("\n"));
}

/** A worker process in its own copy of the repository. */
class Worker {
  readonly dir = tempCopy();
  private child?: ChildProcess;
  private ready?: Promise<void>;
  private pending?: { resolve: (o: Outcome) => void; timer: NodeJS.Timeout };

  constructor(readonly index: number) {
    this.start();
  }

  private start() {
    const log = fs.openSync(path.join(this.dir, "worker.log"), "a");
    this.child = fork(path.join(this.dir, "scripts", "mutate", "worker.ts"), [], {
      cwd: this.dir,
      execArgv: ["-r", "ts-node/register/transpile-only"],
      env: { ...process.env, ...FUZZ_ENV, HARDHAT_CONFIG: MUTATION_CONFIG, TS_NODE_TRANSPILE_ONLY: "1" },
      stdio: ["ignore", log, log, "ipc"],
    });
    this.ready = new Promise((resolve) => this.child!.once("message", () => resolve()));
    this.child.on("message", (o: Outcome | { ready: true }) => {
      if ("id" in o && this.pending) {
        clearTimeout(this.pending.timer);
        const p = this.pending;
        this.pending = undefined;
        p.resolve(o);
      }
    });
    this.child.on("exit", (code, signal) => {
      if (this.pending) {
        clearTimeout(this.pending.timer);
        const p = this.pending;
        this.pending = undefined;
        p.resolve({
          id: -1,
          outcome: "error",
          compileSeconds: 0,
          testSeconds: 0,
          message: `worker exited ${code ?? signal}`,
        });
      }
      this.child = undefined;
    });
  }

  async run(job: Job, original: string, timeout: number): Promise<Outcome | "timeout"> {
    if (!this.child) this.start();
    await this.ready;
    const outcome = await new Promise<Outcome | "timeout">((resolve) => {
      const timer = setTimeout(() => {
        this.pending = undefined;
        this.child?.kill("SIGKILL");
        resolve("timeout");
      }, timeout * 1000);
      this.pending = { resolve, timer };
      this.child!.send(job);
    });
    if (outcome === "timeout" || outcome.outcome === "error") {
      // The worker is gone or in doubt: put the original back in its copy; the next job starts a fresh worker.
      this.child?.kill("SIGKILL");
      this.child = undefined;
      fs.writeFileSync(path.join(this.dir, job.file), original);
    }
    return outcome;
  }

  stop(keep: boolean) {
    this.child?.kill("SIGKILL");
    if (!keep) fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

async function main() {
  const a = args();
  const equivalents = loadEquivalents();
  const equivalentKeys = new Set(equivalents.map(mutantKey));
  // A mutant listed as equivalent since it was judged is reported (and stored) as equivalent.
  let store = loadResults(a.json).map(
    (r): Result => (equivalentKeys.has(mutantKey(r)) ? { ...r, verdict: "equivalent", seconds: 0 } : r),
  );
  if (a.reportOnly) {
    fs.writeFileSync(a.json, JSON.stringify(store, null, 1));
    report(store, a, equivalents, "none (report only)");
    return;
  }
  const selection = selectMutants(a);
  const stored = new Map(store.map((r) => [resultKey(r), r]));
  if (a.list) {
    for (const { target, mutants } of selection) {
      console.log(`${target.name}: ${mutants.length} mutants`);
      for (const m of mutants) {
        const v = equivalentKeys.has(mutantKey(m)) ? "equivalent" : (stored.get(resultKey(m))?.verdict ?? "-");
        console.log(`  ${m.id.padEnd(30)} ${v.padEnd(13)} ${m.operator}: ${m.before}  =>  ${m.after}`);
      }
    }
    return;
  }
  // Forget verdicts of mutants that no longer exist in a selected contract, and all of them with --fresh.
  const selectedContracts = new Set(selection.map((s) => s.target.name));
  const current = new Set(selection.flatMap((s) => s.mutants.map(resultKey)));
  const whole = a.only.length === 0 && !Number.isFinite(a.max) && a.operators.length === 0;
  store = store.filter(
    (r) =>
      !selectedContracts.has(r.contract) ||
      (!(a.fresh && current.has(resultKey(r))) && (current.has(resultKey(r)) || !whole)),
  );
  const byKey = new Map(store.map((r) => [resultKey(r), r]));
  const save = () => {
    fs.mkdirSync(path.dirname(a.json), { recursive: true });
    const order = (r: Result) => TARGETS.findIndex((t) => t.name === r.contract);
    const all = [...byKey.values()].sort((x, y) => order(x) - order(y) || x.offset - y.offset);
    fs.writeFileSync(a.json, JSON.stringify(all, null, 1));
    return all;
  };
  const todo: { target: Target; mutant: Selected }[] = [];
  for (const { target, mutants } of selection) {
    for (const m of mutants) {
      const key = resultKey(m);
      if (equivalentKeys.has(mutantKey(m))) {
        byKey.set(key, { ...m, verdict: "equivalent", seconds: 0 });
        continue;
      }
      const old = byKey.get(key);
      const again = a.only.length > 0 || (old !== undefined && a.rejudge.includes(old.verdict));
      if (old && old.verdict !== "equivalent" && !again) continue;
      todo.push({ target, mutant: m });
    }
  }
  save();
  const targets = [...new Set(todo.map((t) => t.target))];
  console.log(
    `mutate: ${todo.length} mutants to judge (${targets.map((t) => `${t.name} ${todo.filter((x) => x.target === t).length}`).join(", ")}), ` +
      `${a.workers} worker(s), timeout ${a.timeout} s`,
  );
  if (todo.length === 0) {
    report(save(), a, equivalents, "nothing left to judge");
    return;
  }
  const started = Date.now();
  const originals = new Map(TARGETS.map((t) => [t.file, fs.readFileSync(path.join(ROOT, t.file), "utf8")]));
  // Test files per target (see `ordered`).
  const tests = new Map(targets.map((t) => [t.name, expandTests(t.tests)]));
  // Test files in the fixed order of the baseline (as `npx hardhat test` runs them), the fuzz last. Not reordered by
  // kills: ConstantProductPool.random.test.ts depends on the deployer's nonce left by the files before it, so a
  // reordering killed two mutants falsely (found on ConstantProductPool@224.1, an equivalent mutant).
  const ordered = (t: Target) => {
    const files = tests.get(t.name)!;
    const fuzz = files.filter((f) => f.includes("/invariants/"));
    return [...files.filter((f) => !fuzz.includes(f)), ...fuzz];
  };
  const workers = Array.from({ length: Math.min(a.workers, todo.length) }, (_, i) => new Worker(i));
  let nextId = 0;
  const failedBaseline = new Set<string>();
  const timeouts = new Map<string, number>();
  try {
    // Baseline of a contract, run by the first worker that reaches one of its mutants (the other waits for it): the
    // unmutated contract must pass its tests under the mutation config, or no verdict means anything.
    const baselines = new Map<string, Promise<boolean>>();
    const baseline = (w: Worker, t: Target) => {
      if (!baselines.has(t.name)) baselines.set(t.name, runBaseline(w, t));
      return baselines.get(t.name)!;
    };
    const runBaseline = async (w: Worker, t: Target) => {
      const o = await w.run(
        { id: nextId++, file: t.file, source: originals.get(t.file)!, tests: ordered(t) },
        originals.get(t.file)!,
        Math.max(a.timeout, 3600),
      );
      const secs = o === "timeout" ? a.timeout : Math.round(o.compileSeconds + o.testSeconds);
      if (o === "timeout" || o.outcome !== "passed") {
        failedBaseline.add(t.name);
        console.log(
          `mutate: ${t.name}: the tests FAIL without any mutant (${o === "timeout" ? "timeout" : `${o.outcome}: ${o.failedTest ?? ""} ${o.message ?? ""}`}); its mutants are not judged`,
        );
        return false;
      }
      // A survivor runs every test file, as the baseline did: never time it out sooner than that.
      timeouts.set(t.name, Math.max(a.timeout, 3 * secs));
      console.log(`mutate: ${t.name}: baseline passes in ${secs} s (worker ${w.index})`);
      return true;
    };
    const queue = [...todo];
    let done = 0;
    const total = queue.length;
    await Promise.all(
      workers.map(async (w) => {
        for (let item = queue.shift(); item; item = queue.shift()) {
          const { target, mutant: m } = item;
          if (!(await baseline(w, target))) continue;
          const original = originals.get(target.file)!;
          const t0 = Date.now();
          const o = await w.run(
            { id: nextId++, file: target.file, source: apply(original, m), tests: ordered(target) },
            original,
            timeouts.get(target.name) ?? a.timeout,
          );
          const seconds = Math.round((Date.now() - t0) / 100) / 10;
          let r: Result;
          if (o === "timeout") r = { ...m, verdict: "timeout", seconds };
          else {
            const verdict: Verdict =
              o.outcome === "passed" ? "survived" : o.outcome === "failed" ? "killed" : o.outcome;
            r = {
              ...m,
              verdict,
              seconds,
              compileSeconds: Math.round(o.compileSeconds * 10) / 10,
              killedBy: o.failedTest,
              killedIn: o.failedFile,
              message: o.message,
            };
          }
          byKey.set(resultKey(m), r);
          save();
          done++;
          console.log(
            `  [${done}/${total}] w${w.index} ${r.verdict.padEnd(13)} ${seconds}s ${m.id} ${m.operator}: ${m.after}` +
              (r.verdict === "killed" ? `  <- ${r.killedIn ?? "?"}` : r.message ? `  (${r.message})` : ""),
          );
        }
      }),
    );
  } finally {
    for (const w of workers) w.stop(a.keep);
    if (a.keep) console.log(`mutate: copies kept: ${workers.map((w) => w.dir).join(" ")}`);
  }
  const minutes = Math.round((Date.now() - started) / 60_000);
  const all = save();
  const run = `${todo.length} mutants judged in ${minutes} min with ${a.workers} worker(s)`;
  report(all, a, equivalents, run);
  const mine = all.filter((r) => selectedContracts.has(r.contract));
  const killed = mine.filter((r) => r.verdict === "killed" || r.verdict === "timeout").length;
  const survived = mine.filter((r) => r.verdict === "survived").length;
  console.log(
    `mutate: ${run}; selected contracts: ${killed} killed, ${survived} survived, kill rate ${rate(killed, survived)}; ` +
      `report ${path.relative(ROOT, a.report)}`,
  );
  if (failedBaseline.size > 0) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
