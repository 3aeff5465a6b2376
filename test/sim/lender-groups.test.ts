import { expect } from "chai";
import { lenderGroupsSummary, lenderLiquidity, lenderLosses } from "../../scripts/sim/engine/lender-groups";
import type { RunResult } from "../../scripts/sim/engine";
import type { BlockRecord, MarketBlockRecord } from "../../scripts/sim/metrics";
import { loadPreset } from "../../scripts/sim/presets";
import { blockRecord } from "../helpers/records";

const USDC = 10n ** 6n;
const u = (x: number) => BigInt(x) * USDC;
const market = (supplied: number, cash: number, badDebt = 0): MarketBlockRecord => ({
  badDebt: u(badDebt),
  liquidations: 0,
  debt: 0n,
  collateralValue: 0n,
  supplied: u(supplied),
  cash: u(cash),
});
const run = (preset: string, blocks: BlockRecord[]) =>
  ({ scenario: loadPreset(preset), blocks }) as unknown as RunResult;

/** system/shared: one market, crash lenders 1.2M and calm lenders 2M; system/isolated: one market each. */
describe("lender groups: losses and liquidity per group, any topology", () => {
  it("shared: one market's bad debt and cash split by what each group supplied", () => {
    const r = run("system/shared", [
      blockRecord(0, { markets: { main: market(3_200_000, 3_200_000) } }),
      blockRecord(1, { markets: { main: market(3_200_000, 800_000) } }),
      blockRecord(2, { markets: { main: market(3_168_000, 1_600_000, 32_000) } }),
    ]);
    const loss = lenderLosses(r);
    expect(loss.crash.loss).to.equal(u(12_000)); // 32,000 × 1.2 / 3.2
    expect(loss.calm.loss).to.equal(u(20_000));
    const liq = lenderLiquidity(r);
    // Block 1: the calm claim is 2M, the cash 800k; the crash claim 1.2M.
    expect(liq.calm.worstWithdrawable).to.equal(0.4);
    expect(liq.crash.worstWithdrawable).to.be.closeTo(800 / 1_200, 1e-12);
    expect(liq.calm.worstProRata).to.equal(0.25);
    expect(liq.crash.worstProRata).to.equal(0.25);
  });

  it("isolated: each group reads its own market only", () => {
    const r = run("system/isolated", [
      blockRecord(0, { markets: { crash: market(1_200_000, 300_000), calm: market(2_000_000, 2_000_000) } }),
      blockRecord(1, { markets: { crash: market(1_150_000, 100_000, 50_000), calm: market(2_000_000, 1_500_000) } }),
    ]);
    const loss = lenderLosses(r);
    expect(loss.crash.loss).to.equal(u(50_000));
    expect(loss.calm.loss).to.equal(0n);
    const liq = lenderLiquidity(r);
    expect(liq.crash.worstWithdrawable).to.be.closeTo(100 / 1_150, 1e-12);
    expect(liq.calm.worstWithdrawable).to.equal(0.75); // 1.5M of cash for its 2M claim
    expect(liq.calm.worstProRata).to.equal(0.75);
  });

  it("recorded claims (lender exits): loss = supplied − claim − withdrawn, liquidity from each group's own claim", () => {
    const groups = (crash: [number, number], calm: [number, number]) => ({
      crash: { claim: u(crash[0]), withdrawn: u(crash[1]) },
      calm: { claim: u(calm[0]), withdrawn: u(calm[1]) },
    });
    const r = run("system/shared", [
      blockRecord(0, {
        markets: { main: market(3_200_000, 1_000_000) },
        lenderGroups: groups([1_200_000, 0], [2_000_000, 0]),
      }),
      // The crash group saw a 32,000 loss and took 800,000 out: the cash left is 200,000.
      blockRecord(1, {
        markets: { main: market(2_368_000, 200_000, 32_000) },
        lenderGroups: groups([388_000, 800_000], [1_980_000, 0]),
      }),
      // A further 20,000 written off after the exit falls on the shares left (mostly the calm group's).
      blockRecord(2, {
        markets: { main: market(2_348_000, 200_000, 52_000) },
        lenderGroups: groups([384_700, 800_000], [1_963_300, 0]),
      }),
    ]);
    const loss = lenderLosses(r);
    expect(loss.crash.loss).to.equal(u(15_300));
    expect(loss.calm.loss).to.equal(u(36_700));
    const liq = lenderLiquidity(r);
    expect(liq.calm.worstWithdrawable).to.be.closeTo(200_000 / 1_980_000, 1e-12); // block 1
    expect(liq.crash.worstWithdrawable).to.be.closeTo(200_000 / 388_000, 1e-12);
    const summary = lenderGroupsSummary(r);
    expect(summary.crash.firstWithdrawalBlock).to.equal(1);
    expect(summary.calm.firstWithdrawalBlock).to.equal(null);
    expect(summary.calm.lossPct).to.be.closeTo(100 * (36_700 / 2_000_000), 1e-9);
    expect(summary.crash.withdrawn).to.equal(u(800_000));
  });

  it("refuses records without a market's supplied assets or cash", () => {
    const { supplied, ...bare } = market(1, 1);
    void supplied;
    const r = run("system/shared", [blockRecord(0, { markets: { main: bare } })]);
    expect(() => lenderLiquidity(r)).to.throw(/block 0 has no supplied assets or cash for market main/);
  });
});
