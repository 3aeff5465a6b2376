import { expect } from "chai";
import hre from "hardhat";
import { runPreset } from "../../scripts/sim/presets";
import { PRESET, SMALL_PATCH, isolation } from "../../scripts/sim/comparisons/isolation";
import { receivedShare } from "../../scripts/sim/isolation-metrics";
import type { RunResult } from "../../scripts/sim/engine";
import { agentAddress } from "../../scripts/sim/world/accounts";

/** Isolated vs shared pools on `scenarios/risk/isolation.json`, shrunk: the calm lenders' losses and liquidity. */
describe("scenario preset: isolated vs shared pools", function () {
  this.timeout(300_000);

  const run = (mode: "shared" | "isolated"): Promise<RunResult> =>
    runPreset(hre, PRESET, { ...SMALL_PATCH, isolation: { ...(SMALL_PATCH.isolation as object), mode } });
  let shared: RunResult;
  let isolated: RunResult;

  before(async () => {
    shared = await run("shared");
    isolated = await run("isolated");
  });

  it("the crash side is the same world in both modes: bad debt occurs, calm positions stay healthy", () => {
    const s = shared.summary.isolation!;
    const i = isolated.summary.isolation!;
    expect(s.crashBadDebt).to.be.greaterThan(10_000n * 10n ** 6n);
    // Same borrowers and shock; only gas (one more collateral in the shared market's loop) differs.
    const diff = Number(s.crashBadDebt - i.crashBadDebt);
    expect(Math.abs(diff)).to.be.lessThan(Number(s.crashBadDebt) / 100);
    // Calm borrowers hold debt (a finite health) and stay above health 1 in every block.
    for (const x of [s, i]) expect(x.calmMinHealth).to.be.greaterThan(1).and.lessThan(2);
    for (const r of [shared, isolated]) expect(r.blocks.every((b) => b.lenders!.calmMinHealth > 1)).to.equal(true);
    // The keepers' mirror is single-collateral: only crash borrowers are ever liquidated.
    expect(shared.liquidations.length).to.be.greaterThan(5);
    const calm = new Set(
      Array.from({ length: shared.scenario.isolation.calmBorrowers.count }, (_, k) =>
        agentAddress(hre, `calm-borrower/${k}`),
      ),
    );
    expect(shared.liquidations.filter((l) => calm.has(l.borrower))).to.deep.equal([]);
  });

  it("isolated: the calm lenders lose nothing (to the wei; they earn interest) and the crash lenders bear the bad debt", () => {
    const i = isolated.summary.isolation!;
    expect(i.calmMarketBadDebt).to.equal(0n);
    // Every block the calm claim is at least the deposit, to the wei.
    for (const b of isolated.blocks) expect(b.lenders!.calm.claim >= b.lenders!.calm.deposit).to.equal(true);
    expect(i.calm.loss <= 0n).to.equal(true);
    // The crash lenders lose the bad debt, less the (small) reserves and the interest they earned over the run.
    expect(i.crash.loss > 0n).to.equal(true);
    expect(i.crash.loss <= i.crashBadDebt).to.equal(true);
    expect(Number(i.crash.loss)).to.be.greaterThan(0.99 * Number(i.crashBadDebt));
    // A run by the crash lenders on their own market leaves the calm lenders' withdrawal untouched.
    const w = i.endWithdrawals;
    expect(w.crashRun.received).to.be.greaterThan(0n);
    expect(receivedShare(w.crashRun)).to.be.closeTo(receivedShare(w.calmFirst), 1e-6);
  });

  it("shared: the calm lenders bear a share of the bad debt proportional to their share of supply", () => {
    const s = shared.summary.isolation!;
    expect(s.calmMarketBadDebt).to.equal(s.crashBadDebt); // one market
    expect(s.calm.loss > 0n).to.equal(true);
    const absorbed = s.calm.loss + s.crash.loss;
    // One share price for all lenders: each group's loss is its share of supply × what the lenders absorbed.
    expect(Number(s.calm.loss) / Number(absorbed)).to.be.closeTo(s.calmShareOfSupply, 1e-6);
    expect(s.calm.lossPct).to.be.closeTo(s.crash.lossPct, 1e-6);
    expect(absorbed <= s.crashBadDebt).to.equal(true); // reserves took the first part
    expect(Number(absorbed)).to.be.greaterThan(0.99 * Number(s.crashBadDebt));
    // Compared with isolation, the calm loss moved off the crash lenders.
    const i = isolated.summary.isolation!;
    expect(Number(s.calm.loss + s.crash.loss)).to.be.closeTo(Number(i.crash.loss), Number(i.crash.loss) / 100);
    // Liquidity: the crash lenders withdrawing first leaves the calm lender less of its claim than asking alone.
    expect(receivedShare(s.endWithdrawals.crashRun)).to.be.lessThan(receivedShare(s.endWithdrawals.calmFirst));
    expect(s.endWithdrawals.crashRunCrashLenders.received).to.be.greaterThan(0n);
  });

  it("a calm position that becomes liquidatable stops the run (no keeper watches calm positions)", async () => {
    const patch = {
      ...SMALL_PATCH,
      blocks: 20,
      isolation: {
        mode: "shared",
        calmAsset: { volatilityPerYear: 40 },
        calmBorrowers: { count: 5, health: { kind: "uniform", min: 1.03, max: 1.04 } },
      },
    };
    let error: Error | null = null;
    await runPreset(hre, PRESET, patch).catch((e: Error) => (error = e));
    expect(error).to.match(/isolation: calm borrower 0x[0-9a-fA-F]{40} fell to health 0\.9/);
  });

  it("calm borrowers cannot borrow more than the calm lenders supply", async () => {
    let error: Error | null = null;
    await runPreset(hre, PRESET, { ...SMALL_PATCH, isolation: { mode: "isolated", calmLenderSupply: 1000 } }).catch(
      (e: Error) => (error = e),
    );
    expect(error).to.match(/isolation\.calmLenderSupply: the \d+ calm borrowers borrow/);
  });

  it("the comparison runner: two rows, numbers read off the runs, a finding naming both", async () => {
    const c = await isolation(hre, { small: true });
    expect(c.id).to.equal("isolation");
    expect(c.rows.map((r) => r.label)).to.have.length(2);
    const [sharedRow, isolatedRow] = c.rows;
    expect(sharedRow.values.calmLoss as number).to.be.greaterThan(0);
    expect(isolatedRow.values.calmLoss as number).to.be.at.most(0);
    expect(sharedRow.values.calmLoss).to.be.closeTo(Number(shared.summary.isolation!.calm.loss) / 1e6, 1e-6);
    expect(c.finding).to.match(/shared market the calm lenders lost/);
    expect(c.finding).to.match(/isolated, they lost nothing/);
  });
});
