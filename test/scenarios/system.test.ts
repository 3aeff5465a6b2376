/**
 * The system presets (scenarios/system/), shrunk, and the direction of each one's finding:
 * - fund-three-markets: a fund's liquidations take the keepers' and the AMMs' capacity, so fewer of the other
 *   borrowers are liquidated in the same run than in the same world without the fund;
 * - steth-depeg-2022: forced stETH sales into its thin pool push the AMM below the depeg path (amplification > 1);
 * - shared vs isolated: one market shares the crash's bad debt with the calm lenders, two markets keep it apart.
 */
import { expect } from "chai";
import hre from "hardhat";
import { runPreset } from "../../scripts/sim/presets";
import type { RunResult } from "../../scripts/sim/engine";
import { agentAddress } from "../../scripts/sim/world/accounts";
import { lenderLiquidity, lenderLosses } from "../../scripts/sim/engine/lender-groups";

const SMALL = { borrowers: { count: 15 } };

describe("scenario presets: system (several assets and markets)", function () {
  this.timeout(900_000);

  it("fund-three-markets: the fund's liquidations crowd out the other borrowers' (fewer liquidated than without it)", async () => {
    const fund = agentAddress(hre, "entity/fund");
    const withFund = await runPreset(hre, "system/fund-three-markets", { ...SMALL, blocks: 40 });
    const without = await runPreset(hre, "system/fund-three-markets", { ...SMALL, blocks: 40, entities: [] });
    const others = (r: RunResult) => r.liquidations.filter((l) => l.borrower !== fund).length;
    expect(withFund.liquidations.some((l) => l.borrower === fund)).to.equal(true);
    // The fund is liquidated in more than one market, each sale in that market's asset.
    expect(
      new Set(withFund.liquidations.filter((l) => l.borrower === fund).map((l) => l.market)).size,
    ).to.be.greaterThan(1);
    expect(others(withFund)).to.be.lessThan(others(without));
  });

  it("steth-depeg-2022: the stETH pool falls below the depeg path (amplification > 1) as loopers are liquidated", async () => {
    const r = await runPreset(hre, "system/steth-depeg-2022", { ...SMALL, blocks: 50 });
    expect(r.liquidations.some((l) => l.asset === "steth")).to.equal(true);
    expect(r.summary.ammPeakDrawdown).to.be.greaterThan(r.summary.exogenousShock);
    expect(r.summary.amplification!).to.be.greaterThan(1);
  });

  it("shared vs isolated: the calm lenders share the crash's bad debt in one market, and lose nothing in their own", async () => {
    const shared = await runPreset(hre, "system/shared", { blocks: 30 });
    const isolated = await runPreset(hre, "system/isolated", { blocks: 30 });
    const s = lenderLosses(shared);
    const i = lenderLosses(isolated);
    expect(s.crash.loss > 0n && s.calm.loss > 0n).to.equal(true);
    expect(i.calm.loss).to.equal(0n);
    expect(i.crash.loss > s.crash.loss).to.equal(true);
    // The same world on the crash side: the bad debt is the same to within gas effects.
    const total = (x: typeof s) => Number(x.crash.loss + x.calm.loss);
    expect(Math.abs(total(s) - total(i))).to.be.lessThan(total(s) / 100);
    // Liquidity from the recorded supplied assets and cash: lenders borrowed from, so some claim is lent out.
    const sl = lenderLiquidity(shared);
    const il = lenderLiquidity(isolated);
    for (const g of [sl.crash, sl.calm, il.crash, il.calm]) expect(g.worstProRata).to.be.greaterThan(0).and.lessThan(1);
    expect(sl.calm.worstProRata).to.equal(sl.crash.worstProRata); // one market, one cash
    // A market with one lender group: first in line is everyone.
    expect(il.calm.worstWithdrawable).to.be.closeTo(il.calm.worstProRata, 1e-9);
    // Pooled: the smaller crash claim is easier to pay out of the shared cash than the calm one.
    expect(sl.crash.worstWithdrawable).to.be.at.least(sl.calm.worstWithdrawable);
    const end = shared.blocks[shared.blocks.length - 1].markets!.main;
    expect(end.cash! <= end.supplied!).to.equal(true);
  });
});
