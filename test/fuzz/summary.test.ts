import { expect } from "chai";
import {
  aggregate,
  render,
  replayCommand,
  split,
  type Campaign,
  type Shard,
  type ShardSummary,
} from "../../scripts/fuzz/summary";

const summary = (over: Partial<ShardSummary>): ShardSummary => ({
  status: "passed",
  seed: 1,
  runs: 2,
  maxSteps: 20,
  checks: ["fair-exit"],
  sequences: 2,
  steps: 30,
  succeeded: 20,
  auctionSteps: 10,
  exhaustedWithDebt: 1,
  tried: { take: 4, redo: 3 },
  succeededBy: { take: 2, redo: 1 },
  reverted: { skipped: 5 },
  maxSurplus: "0",
  maxDebtDrift: "3",
  seconds: 60,
  ...over,
});

const campaign = (shards: Shard[]): Campaign => ({
  date: "2026-11-30T00:00:00Z",
  commit: "abc",
  sequencesRequested: 4,
  maxSteps: 20,
  checks: "",
  shards,
  command: "npm run fuzz:campaign -- --sequences 4",
});

describe("fuzz campaign summary (scripts/fuzz/summary.ts)", () => {
  it("splits sequences evenly, the first shards taking the remainder", () => {
    expect(split(10_000, 2)).to.deep.equal([5_000, 5_000]);
    expect(split(7, 2)).to.deep.equal([4, 3]);
    expect(split(1, 2)).to.deep.equal([1]);
    expect(() => split(0, 2)).to.throw();
  });

  it("adds the shards' counts up and is complete only when every shard passed all its sequences", () => {
    const a: Shard = { index: 0, seed: 1, runs: 2, summary: summary({}) };
    const b: Shard = {
      index: 1,
      seed: 2,
      runs: 2,
      summary: summary({ seed: 2, tried: { take: 1, kick: 5 }, succeededBy: { kick: 3 }, maxDebtDrift: "7" }),
    };
    const t = aggregate([a, b]);
    expect(t.complete).to.equal(true);
    expect(t.sequences).to.equal(4);
    expect(t.tried).to.deep.equal({ take: 5, redo: 3, kick: 5 });
    expect(t.succeededBy).to.deep.equal({ take: 2, redo: 1, kick: 3 });
    expect(t.maxDebtDrift).to.equal(7n);
    expect(render(campaign([a, b])))
      .to.contain("complete, clean")
      .and.contain("| take | 5 | 2 | 40.0% |");
  });

  it("marks a campaign stopped early as PARTIAL and a failed shard as FAILED with its replay line", () => {
    const running: Shard = { index: 0, seed: 1, runs: 2, summary: summary({ status: "running", sequences: 1 }) };
    running.stoppedEarly = true;
    expect(aggregate([running]).complete).to.equal(false);
    const partial = render(campaign([running, { index: 1, seed: 2, runs: 2 }]));
    expect(partial).to.contain("PARTIAL").and.contain("stopped early").and.contain("no report");
    const failed: Shard = {
      index: 0,
      seed: 1,
      runs: 2,
      summary: summary({ status: "failed", replay: "FUZZ_SEED=1 FUZZ_PATH=0:1" }),
    };
    expect(render(campaign([failed])))
      .to.contain("FAILED")
      .and.contain("FUZZ_SEED=1 FUZZ_PATH=0:1");
    expect(replayCommand(running, 20, "all")).to.equal(
      "FUZZ_RUNS=2 FUZZ_STEPS=20 FUZZ_SEED=1 FUZZ_CHECKS=all npx hardhat test test/invariants/LendingAuctionAmm.invariants.test.ts",
    );
  });
});
