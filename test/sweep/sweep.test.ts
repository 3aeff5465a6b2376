import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import hre from "hardhat";
import { reset } from "@nomicfoundation/hardhat-network-helpers";
import { cascade } from "../../scripts/tasks/cascade";
import { runSweep, type SweepArgs } from "../../scripts/sweep/sweep";
import { LEDGER } from "../../scripts/sweep/store";
import type { RunRecord } from "../../scripts/sweep/job";

const ROOT = hre.config.paths.root;
/** A tiny world: a sweep test starts worker processes, each run must take seconds. */
const TINY = ["borrowers.count=8", "blocks=10", "path.atBlock=2"];

const ledger = (dir: string): RunRecord[] =>
  fs
    .readFileSync(path.join(dir, LEDGER), "utf8")
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as RunRecord);
const withoutGeneratedAt = (text: string) =>
  text
    .split("\n")
    .filter((l) => !l.startsWith('  "generatedAt"'))
    .join("\n");

/** Runs `cascade --json` in this process on a fresh chain, stdout swallowed; returns its summary.json. */
async function cascadeSummary(seed: string, set: string[], out: string): Promise<string> {
  await reset();
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    const { dir } = await cascade({ scenario: "default", seed, out, json: true, set }, hre);
    return fs.readFileSync(path.join(dir, "summary.json"), "utf8");
  } finally {
    process.stdout.write = write;
  }
}

describe("npx hardhat sweep (embedded pool)", function () {
  this.timeout(600_000);
  let out: string;
  before(async () => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), "sweep-"));
    await hre.run("compile", { quiet: true });
  });
  after(async () => {
    fs.rmSync(out, { recursive: true, force: true });
    await reset();
  });

  it("gives each run the cascade run's bytes, whether its world was built or reverted to", async () => {
    const dir = path.join(out, "identity");
    const a: SweepArgs = {
      scenario: "default",
      seeds: "1-2",
      vary: ["arbitrage.minEdgeBps=10,400"],
      sets: TINY,
      workers: 1,
      out: dir,
      keepRuns: true,
      quiet: true,
    };
    const outcome = await runSweep(ROOT, a);
    expect(outcome).to.deep.include({ planned: 4, finished: 4, resumed: 0, failed: [] });
    const records = ledger(dir);
    // One worker: the first run builds the world, the three others revert to it (same deployment, other seed/cell);
    // the population depends on the seed, and seeds alternate: every run opens its positions.
    expect(records.map((r) => r.reusedWorld).sort()).to.deep.equal([false, true, true, true]);
    expect(records.map((r) => r.reusedPositions)).to.deep.equal([false, false, false, false]);
    for (const r of records) {
      const [runDir] = fs.readdirSync(path.join(dir, "runs", r.runId));
      const inSweep = fs.readFileSync(path.join(dir, "runs", r.runId, runDir, "summary.json"), "utf8");
      const alone = await cascadeSummary(
        r.seed,
        [...TINY, `arbitrage.minEdgeBps=${r.params["arbitrage.minEdgeBps"]}`],
        out,
      );
      expect(withoutGeneratedAt(inSweep)).to.equal(withoutGeneratedAt(alone), `run ${r.runId}`);
    }
    const csv = fs.readFileSync(path.join(dir, "runs.csv"), "utf8").trim().split("\n");
    expect(csv[0]).to.match(/^runId,cell,arbitrage\.minEdgeBps,seed,badDebt,/);
    expect(csv).to.have.length(5);
    const cells = JSON.parse(fs.readFileSync(path.join(dir, "cells.json"), "utf8")) as { runs: number }[];
    expect(cells.map((c) => c.runs)).to.deep.equal([2, 2]);
    const html = fs.readFileSync(path.join(dir, "report.html"), "utf8");
    expect(html.match(/<svg/g)).to.have.length(3); // two CDFs, one sensitivity chart
    expect(html).to.not.match(/<script|src="http/);
  });

  it("reverts to the opened positions when the population is fixed, with the cascade run's bytes", async () => {
    const dir = path.join(out, "population");
    const sets = [...TINY, 'borrowers.seed="fixed"'];
    const a: SweepArgs = {
      scenario: "default",
      seeds: "1-2",
      vary: [],
      sets,
      workers: 1,
      out: dir,
      keepRuns: true,
      quiet: true,
    };
    expect(await runSweep(ROOT, a)).to.deep.include({ finished: 2, failed: [] });
    const records = ledger(dir);
    expect(records.map((r) => [r.seed, r.reusedWorld, r.reusedPositions])).to.deep.equal([
      ["1", false, false],
      ["2", true, true],
    ]);
    for (const r of records) {
      const [runDir] = fs.readdirSync(path.join(dir, "runs", r.runId));
      const inSweep = fs.readFileSync(path.join(dir, "runs", r.runId, runDir, "summary.json"), "utf8");
      expect(withoutGeneratedAt(inSweep)).to.equal(withoutGeneratedAt(await cascadeSummary(r.seed, sets, out)));
    }
  });

  it("loses no finished run when a worker is killed, and a rerun resumes where the sweep stopped", async () => {
    const dir = path.join(out, "resume");
    const a: SweepArgs = {
      scenario: "default",
      seeds: "1-3",
      vary: [],
      sets: TINY,
      workers: 2,
      out: dir,
      keepRuns: false,
      quiet: true,
    };
    const killed: number[] = [];
    const first = await runSweep(ROOT, a, {
      onWorker: (child) => {
        // Kill the first worker a moment into its first run (world building alone takes longer).
        if (killed.length === 0) {
          killed.push(child.pid!);
          setTimeout(() => child.kill("SIGKILL"), 1000);
        }
      },
    });
    expect(first).to.deep.include({ planned: 3, finished: 3, failed: [] });
    const records = ledger(dir);
    expect(records.map((r) => r.seed).sort()).to.deep.equal(["1", "2", "3"]);
    expect(records.map((r) => r.worker)).to.not.include(`pid-${killed[0]}`);
    // A crash can cut the ledger's last line short: it is ignored.
    fs.appendFileSync(path.join(dir, LEDGER), '{"runId":"cut-sh');
    const again = await runSweep(ROOT, a);
    expect(again).to.deep.include({ resumed: 3, finished: 0 });
    const wider = await runSweep(ROOT, { ...a, seeds: "1-4" });
    expect(wider).to.deep.include({ planned: 4, resumed: 3, finished: 1 });
    expect(fs.readFileSync(path.join(dir, "runs.csv"), "utf8").trim().split("\n")).to.have.length(5);
  });
});
