/**
 * `npm run mutate`: mutation testing of the core contracts (operators in scripts/mutate/operators.ts, contracts and
 * judging tests in scripts/mutate/targets.ts). Every mutant is applied alone in a temporary copy of the repository
 * (never in the working tree), compiled and run against its contract's tests: killed (a test fails), survived (all
 * pass), compile-error (solc refuses it: not counted) or equivalent (listed in scripts/mutate/equivalent.json with the
 * reason: not run, not counted). Writes docs/MUTATION.md and out/mutation.json.
 *
 *   npm run mutate                                  # every mutant of every target (hours: see docs/mutation.md)
 *   npm run mutate -- --contract LendingPool        # one contract (repeatable, or comma-separated)
 *   npm run mutate -- --max 10                      # at most 10 mutants per contract, spread evenly over the file
 *   npm run mutate -- --operator guard,modifier     # only these operators
 *   npm run mutate -- --list                        # list the mutants, run nothing
 *   flags: --timeout 900 (seconds per mutant)  --report docs/MUTATION.md  --json out/mutation.json  --keep (keep the temp copy)
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { apply, findMutants, mutantKey, OPERATORS, sample, type Mutant } from "./operators";
import { FUZZ_ENV, TARGETS, type Target } from "./targets";

const ROOT = path.resolve(__dirname, "..", "..");
const EQUIVALENT_FILE = path.join(__dirname, "equivalent.json");

type Verdict = "killed" | "survived" | "compile-error" | "timeout" | "equivalent";
interface Result extends Mutant {
  contract: string;
  verdict: Verdict;
  seconds: number;
  /** The first failing test's title, when killed. */
  killedBy?: string;
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
    max: one("--max") === undefined ? Infinity : Number(one("--max")),
    timeout: Number(one("--timeout") ?? 900),
    report: path.resolve(ROOT, one("--report") ?? "docs/MUTATION.md"),
    json: path.resolve(ROOT, one("--json") ?? "out/mutation.json"),
    list: process.argv.includes("--list"),
    keep: process.argv.includes("--keep"),
  };
}

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

function expandTests(dir: string, patterns: string[]): string[] {
  return patterns.flatMap((p) => {
    const folder = path.dirname(p);
    const re = new RegExp("^" + path.basename(p).replace(/\./g, "\\.").replace(/\*/g, ".*") + "$");
    const full = path.join(dir, folder);
    if (!fs.existsSync(full)) return [];
    return fs
      .readdirSync(full)
      .filter((f) => re.test(f))
      .sort()
      .map((f) => `${folder}/${f}`);
  });
}

function runTests(dir: string, tests: string[], timeout: number) {
  const started = Date.now();
  const r = spawnSync("npx", ["hardhat", "test", "--bail", ...tests], {
    cwd: dir,
    encoding: "utf8",
    timeout: timeout * 1000,
    killSignal: "SIGKILL",
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, ...FUZZ_ENV },
  });
  const output = `${r.stdout ?? ""}\n${r.stderr ?? ""}`;
  return {
    status: r.status,
    timedOut: r.error !== undefined,
    output,
    seconds: Math.round((Date.now() - started) / 1000),
  };
}

function classify(r: ReturnType<typeof runTests>): { verdict: Verdict; killedBy?: string } {
  if (r.timedOut) return { verdict: "timeout" };
  if (r.status === 0) return { verdict: "survived" };
  if (
    /HH600|Compilation failed|CompilerError|DeclarationError|TypeError: /.test(r.output) &&
    !/passing \(/.test(r.output)
  ) {
    return { verdict: "compile-error" };
  }
  const failed = /\n\s*1\) (.+)\n/.exec(r.output);
  return { verdict: "killed", killedBy: failed?.[1]?.trim() };
}

function loadEquivalents(): Equivalent[] {
  return fs.existsSync(EQUIVALENT_FILE) ? (JSON.parse(fs.readFileSync(EQUIVALENT_FILE, "utf8")) as Equivalent[]) : [];
}

function selectMutants(a: ReturnType<typeof args>): { target: Target; mutants: Mutant[] }[] {
  const unknown = a.contracts.filter((c) => !TARGETS.some((t) => t.name === c));
  if (unknown.length > 0) throw new Error(`unknown --contract ${unknown} (known: ${TARGETS.map((t) => t.name)})`);
  const badOps = a.operators.filter((o) => !(OPERATORS as readonly string[]).includes(o));
  if (badOps.length > 0) throw new Error(`unknown --operator ${badOps} (known: ${OPERATORS})`);
  return TARGETS.filter((t) => a.contracts.length === 0 || a.contracts.includes(t.name)).map((target) => {
    const src = fs.readFileSync(path.join(ROOT, target.file), "utf8");
    const all = findMutants(target.file, src, a.operators.length > 0 ? a.operators : OPERATORS);
    return { target, mutants: sample(all, a.max) };
  });
}

const rate = (killed: number, survived: number) =>
  killed + survived === 0 ? "n/a" : `${((100 * killed) / (killed + survived)).toFixed(1)}%`;

function report(results: Result[], a: ReturnType<typeof args>, equivalents: Equivalent[], minutes: number) {
  const byContract = new Map<string, Result[]>();
  for (const r of results) byContract.set(r.contract, [...(byContract.get(r.contract) ?? []), r]);
  const count = (rs: Result[], v: Verdict) => rs.filter((r) => r.verdict === v).length;
  const row = (name: string, rs: Result[]) => {
    const killed = count(rs, "killed") + count(rs, "timeout");
    const survived = count(rs, "survived");
    return `| ${name} | ${rs.length} | ${killed} | ${survived} | ${count(rs, "compile-error")} | ${count(rs, "equivalent")} | ${rate(killed, survived)} |`;
  };
  const diff = (r: Result) => `\`${r.before.replace(/\|/g, "\\|")}\` → \`${r.after.replace(/\|/g, "\\|")}\``;
  const survivors = results.filter((r) => r.verdict === "survived");
  const lines = [
    "# Mutation testing (generated)",
    "",
    "<!-- Written by `npm run mutate` (scripts/mutate/run.ts); do not edit by hand. How to run: docs/mutation.md. -->",
    "",
    `Run of ${new Date().toISOString().slice(0, 10)}: ${results.length} mutants in ${minutes} minutes` +
      (a.contracts.length > 0 ? `, contracts ${a.contracts.join(", ")}` : "") +
      (Number.isFinite(a.max) ? `, at most ${a.max} per contract` : ", every mutant") +
      (a.operators.length > 0 ? `, operators ${a.operators.join(", ")}` : "") +
      ". Kill rate = killed (incl. timeouts) ÷ (killed + survived); compile errors and listed equivalent mutants " +
      "are not counted.",
    "",
    "| contract | mutants | killed | survived | compile error | equivalent | kill rate |",
    "|---|---|---|---|---|---|---|",
    ...[...byContract.entries()].map(([name, rs]) => row(name, rs)),
    row("**all**", results),
    "",
    "## Survivors",
    "",
    survivors.length === 0
      ? "None."
      : [
          "| contract | line | operator | change |",
          "|---|---|---|---|",
          ...survivors.map((r) => `| ${r.contract} | ${r.line} | ${r.operator} | ${diff(r)} |`),
        ].join("\n"),
    "",
    "## Equivalent mutants (scripts/mutate/equivalent.json)",
    "",
    equivalents.length === 0
      ? "None listed."
      : [
          "| file | operator | change | reason |",
          "|---|---|---|---|",
          ...equivalents.map(
            (e) =>
              `| ${e.file} | ${e.operator} | ${diff({ ...e } as unknown as Result)} | ${e.reason.replace(/\|/g, "\\|")} |`,
          ),
        ].join("\n"),
    "",
  ];
  fs.writeFileSync(a.report, lines.join("\n"));
}

function main() {
  const a = args();
  const selection = selectMutants(a);
  if (a.list) {
    for (const { target, mutants } of selection) {
      console.log(`${target.name}: ${mutants.length} mutants`);
      for (const m of mutants) console.log(`  ${m.line} ${m.operator}: ${m.before}  =>  ${m.after}`);
    }
    return;
  }
  const equivalents = loadEquivalents();
  const equivalentKeys = new Set(equivalents.map(mutantKey));
  const started = Date.now();
  const dir = tempCopy();
  console.log(`mutate: working copy ${dir}`);
  const results: Result[] = [];
  try {
    for (const { target, mutants } of selection) {
      const tests = expandTests(dir, target.tests);
      const file = path.join(dir, target.file);
      const original = fs.readFileSync(file, "utf8");
      // Baseline: the unmutated contract must pass its tests, or no verdict means anything.
      const base = runTests(dir, tests, a.timeout);
      if (base.status !== 0) {
        console.log(base.output.slice(-4000));
        throw new Error(`${target.name}: the tests fail without any mutant; fix that first`);
      }
      console.log(`mutate: ${target.name}: baseline passes in ${base.seconds} s; ${mutants.length} mutants`);
      for (const [i, m] of mutants.entries()) {
        if (equivalentKeys.has(mutantKey(m))) {
          results.push({ ...m, contract: target.name, verdict: "equivalent", seconds: 0 });
          continue;
        }
        fs.writeFileSync(file, apply(original, m));
        try {
          const r = runTests(dir, tests, a.timeout);
          const v = classify(r);
          results.push({ ...m, contract: target.name, ...v, seconds: r.seconds });
          console.log(
            `  [${i + 1}/${mutants.length}] ${v.verdict.padEnd(13)} ${r.seconds}s line ${m.line} ${m.operator}: ${m.after}`,
          );
        } finally {
          fs.writeFileSync(file, original);
        }
      }
    }
  } finally {
    if (!a.keep) fs.rmSync(dir, { recursive: true, force: true });
  }
  const minutes = Math.round((Date.now() - started) / 60_000);
  fs.mkdirSync(path.dirname(a.json), { recursive: true });
  fs.writeFileSync(a.json, JSON.stringify(results, null, 2));
  report(results, a, equivalents, minutes);
  const killed = results.filter((r) => r.verdict === "killed" || r.verdict === "timeout").length;
  const survived = results.filter((r) => r.verdict === "survived").length;
  console.log(
    `mutate: ${results.length} mutants, ${killed} killed, ${survived} survived, kill rate ${rate(killed, survived)} ` +
      `(${minutes} min); report ${path.relative(ROOT, a.report)}`,
  );
}

main();
