/**
 * `npm run fuzz:campaign`: a long invariant-fuzzing campaign (issue 15: >= 10,000 sequences), split into shards
 * that run in parallel as child processes (`nice -n 10`), each `npx hardhat test` of the invariant test with its own
 * seed. Adds up the shards' counts (per action tried/succeeded, reverts, checks on) and writes docs/FUZZING-CAMPAIGN.md
 * (date, commit, seeds, sequences, steps, per-action table, each shard's replay command). The document is rewritten
 * every `--update` seconds while the shards run, marked PARTIAL until every shard has passed all its sequences; at
 * `--deadline` the shards are stopped and the document keeps what they had done, marked PARTIAL.
 *
 *   npm run fuzz:campaign -- --sequences 10000 --shards 2
 *   npm run fuzz:campaign -- --sequences 200 --shards 2 --out out/fuzz-campaign/small.md
 *   flags: --steps 20 (max actions per sequence)  --seed 1501 (shard i uses seed + i)  --checks a,b (FUZZ_CHECKS)
 *          --deadline 23:45 (UTC, stop the shards then)  --update 120 (seconds between rewrites of the document)
 *          --out docs/FUZZING-CAMPAIGN.md  --no-shrink (report a failure as found, without shrinking it)
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { render, split, type Campaign, type Shard, type ShardSummary } from "./summary";

const ROOT = path.resolve(__dirname, "..", "..");
const TEST_FILE = "test/invariants/LendingAuctionAmm.invariants.test.ts";
const WORK_DIR = path.join(ROOT, "out", "fuzz-campaign");
/** Shards at most: the machine is shared (docs/fuzzing.md). */
const MAX_SHARDS = 2;

function args() {
  const one = (name: string) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const int = (name: string, fallback: number) => {
    const v = one(name);
    const n = v === undefined ? fallback : Number(v);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${name}: "${v}" is not a positive integer`);
    return n;
  };
  const shards = int("--shards", MAX_SHARDS);
  if (shards > MAX_SHARDS) throw new Error(`--shards: at most ${MAX_SHARDS} on this shared machine`);
  return {
    sequences: int("--sequences", 10_000),
    shards,
    steps: int("--steps", 20),
    seed: int("--seed", 1501),
    checks: one("--checks") ?? "",
    deadline: deadlineFrom(one("--deadline")),
    update: int("--update", 120),
    out: path.resolve(ROOT, one("--out") ?? "docs/FUZZING-CAMPAIGN.md"),
    shrink: !process.argv.includes("--no-shrink"),
  };
}

/** "HH:MM" (UTC, today or tomorrow if already past) -> epoch ms; undefined without a deadline. */
function deadlineFrom(spec: string | undefined): number | undefined {
  if (spec === undefined) return undefined;
  const m = /^(\d{1,2}):(\d{2})$/.exec(spec);
  if (!m) throw new Error(`--deadline: "${spec}" is not HH:MM (UTC)`);
  const now = new Date();
  const at = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), Number(m[1]), Number(m[2]));
  return at > now.getTime() ? at : at + 86_400_000;
}

function git(...a: string[]) {
  return spawnSync("git", a, { cwd: ROOT, encoding: "utf8" }).stdout.trim();
}

function readSummary(file: string): ShardSummary | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as ShardSummary;
  } catch {
    return undefined; // not written yet (or being written: the next read gets it)
  }
}

async function main() {
  const o = args();
  fs.mkdirSync(WORK_DIR, { recursive: true });
  const dirty = git("status", "--porcelain", "--", ".", `:!${path.relative(ROOT, o.out)}`) !== "";
  const campaign: Campaign = {
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    commit: git("rev-parse", "HEAD") + (dirty ? " (with uncommitted changes)" : ""),
    sequencesRequested: o.sequences,
    maxSteps: o.steps,
    checks: o.checks,
    command: `npm run fuzz:campaign -- ${process.argv.slice(2).join(" ")}`.trim(),
    shards: split(o.sequences, o.shards).map((runs, index) => ({ index, seed: o.seed + index, runs })),
  };
  // Compile once, so that the shards do not race to compile.
  const compiled = spawnSync("npx", ["hardhat", "compile", "--quiet"], { cwd: ROOT, stdio: "inherit" });
  if (compiled.status !== 0) throw new Error("hardhat compile failed");

  const files = campaign.shards.map((s) => path.join(WORK_DIR, `shard-${s.index}.json`));
  files.forEach((f) => fs.rmSync(f, { force: true }));
  const children: ChildProcess[] = campaign.shards.map((s, i) => {
    const env = {
      ...process.env,
      FUZZ_RUNS: String(s.runs),
      FUZZ_STEPS: String(o.steps),
      FUZZ_SEED: String(s.seed),
      FUZZ_CHECKS: o.checks,
      FUZZ_SUMMARY_FILE: files[i],
      ...(o.shrink ? {} : { FUZZ_NO_SHRINK: "1" }),
    };
    const log = fs.openSync(path.join(WORK_DIR, `shard-${s.index}.log`), "w");
    const child = spawn("nice", ["-n", "10", "npx", "hardhat", "test", TEST_FILE], {
      cwd: ROOT,
      env,
      stdio: ["ignore", log, log],
      detached: true, // its own process group: stopping it stops hardhat's node too
    });
    console.log(`shard ${s.index}: seed ${s.seed}, ${s.runs} sequences, pid ${child.pid}`);
    return child;
  });

  const refresh = (shards: Shard[]) => {
    shards.forEach((s, i) => (s.summary = readSummary(files[i]) ?? s.summary));
    fs.mkdirSync(path.dirname(o.out), { recursive: true });
    fs.writeFileSync(o.out, render(campaign));
  };
  const exited = children.map(
    (c, i) =>
      new Promise<void>((resolve) =>
        c.on("exit", (code) => {
          campaign.shards[i].exitCode = code;
          resolve();
        }),
      ),
  );
  const stop = (why: string) => {
    console.log(`stopping the shards: ${why}`);
    campaign.shards.forEach((s) => (s.stoppedEarly = true));
    for (const c of children) {
      if (c.exitCode === null && c.pid !== undefined) {
        try {
          process.kill(-c.pid, "SIGTERM");
        } catch {
          // already gone
        }
      }
    }
  };
  process.on("SIGINT", () => stop("interrupted"));
  process.on("SIGTERM", () => stop("terminated"));
  const timer = setInterval(() => {
    refresh(campaign.shards);
    if (o.deadline !== undefined && Date.now() >= o.deadline) stop("deadline reached");
  }, o.update * 1000);
  await Promise.all(exited);
  clearInterval(timer);
  // A shard that exited without a final summary stopped early (killed, crashed before its end).
  campaign.shards.forEach((s, i) => {
    s.summary = readSummary(files[i]) ?? s.summary;
    if (s.summary?.status === "running" || !s.summary) s.stoppedEarly = true;
  });
  refresh(campaign.shards);
  console.log(fs.readFileSync(o.out, "utf8"));
  console.log(`written: ${path.relative(ROOT, o.out)}`);
  const clean = campaign.shards.every((s) => s.summary?.status === "passed");
  process.exitCode = clean ? 0 : 1;
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
