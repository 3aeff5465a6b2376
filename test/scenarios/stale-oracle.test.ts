import { expect } from "chai";
import hre from "hardhat";
import type { RunResult } from "../../scripts/sim/engine";
import {
  ROWS,
  finding,
  numbers,
  runRow,
  type StaleOracleNumbers,
  type StaleOracleRow,
} from "../../scripts/sim/comparisons/stale-oracle";

/** The stale-oracle comparison's rows on small worlds (`scripts/sim/comparisons/stale-oracle.ts`). */
describe("scenario presets: stale and frozen oracle feeds", function () {
  this.timeout(300_000);
  const got: Record<string, StaleOracleNumbers> = {};
  const row = (key: string): StaleOracleRow => ROWS.find((r) => r.key === key)!;
  const run = async (key: string): Promise<{ r: RunResult; n: StaleOracleNumbers }> => {
    const r = await runRow(hre, row(key), true);
    got[key] = numbers(r);
    return { r, n: got[key] };
  };

  it("a feed frozen near the floor: liquidations stop; the staleness guard cuts the exploiter's draw", async () => {
    const { n: healthy } = await run("healthy");
    const { r: frozenRun, n: open } = await run("frozenOpen");
    const { n: guarded } = await run("frozenGuarded");
    // The feed really froze: one answer from the freeze on, while the market kept falling.
    const after = frozenRun.blocks.filter((b) => b.block > frozenRun.scenario.oracle.failure.atBlock);
    expect(new Set(after.map((b) => b.oraclePrice)).size).to.equal(1);
    expect(after[after.length - 1].externalPrice).to.be.lessThan(after[0].oraclePrice / 4);
    // What the market does: no liquidation after the freeze, with or without the guard (a healthy oracle goes on).
    expect(healthy.liquidationsAfterFailure).to.be.greaterThan(10);
    expect(open.liquidationsAfterFailure).to.equal(0);
    expect(guarded.liquidationsAfterFailure).to.equal(0);
    // A healthy oracle gives the exploiter nothing to borrow against.
    expect(healthy.exploiterDebtDrawn).to.equal(0);
    expect(healthy.staleBlocks).to.equal(0);
    // Without a staleness bound it borrows millions against the frozen price and profits; the lenders pay.
    expect(open.staleBlocks).to.equal(0);
    expect(open.exploiterDebtDrawn).to.be.greaterThan(1_000_000);
    expect(open.exploiterDebtDrawn).to.be.greaterThan(2 * open.exploiterCollateralAtMarket);
    expect(open.exploiterProfit).to.be.greaterThan(100_000);
    expect(open.lendersLoss).to.be.greaterThan(100 * Math.max(1, healthy.lendersLoss));
    // The guard refuses actions once the frozen answer is older than maxPriceAge: far less drawn and lost.
    expect(guarded.staleBlocks).to.be.greaterThan(10);
    expect(guarded.exploiterDebtDrawn).to.be.greaterThan(0);
    expect(guarded.exploiterDebtDrawn).to.be.lessThan(open.exploiterDebtDrawn / 5);
    expect(guarded.lendersLoss).to.be.lessThan(open.lendersLoss / 5);
    expect(guarded.exploiterProfit).to.be.lessThan(open.exploiterProfit / 10);
  });

  it("a feed clamped at its floor stays fresh: only the floor guard stops the exploiter", async () => {
    const { r: floorRun, n: open } = await run("floorOpen");
    const { n: guarded } = await run("floorGuarded");
    const floor = floorRun.scenario.oracle.failure.floorPrice;
    // The clamped feed never reports below the floor, while the market ends far below it.
    expect(Math.min(...floorRun.blocks.map((b) => b.oraclePrice))).to.be.closeTo(floor, 1e-9);
    expect(floorRun.blocks[floorRun.blocks.length - 1].externalPrice).to.be.lessThan(floor / 4);
    // The staleness guard never fires, and the exploiter borrows against the floor.
    expect(open.staleBlocks).to.equal(0);
    expect(open.exploiterDebtDrawn).to.be.greaterThan(1_000_000);
    expect(open.lossToExploiter).to.be.greaterThan(500_000);
    // The floor guard turns the clamped answers stale: the market refuses, and far less is drawn and lost.
    expect(guarded.staleBlocks).to.be.greaterThan(10);
    expect(guarded.exploiterDebtDrawn).to.be.lessThan(open.exploiterDebtDrawn / 5);
    expect(guarded.lendersLoss).to.be.lessThan(open.lendersLoss / 5);
  });

  it("the floor guard's second bound, the distance to the AMM TWAP, also catches the clamped feed", async () => {
    const r = await runRow(
      hre,
      {
        key: "twapBound",
        label: "clamped at 0.10, TWAP bound",
        preset: row("floorOpen").preset,
        patch: {
          oracle: {
            twapWindowSeconds: 60,
            floorGuard: { enabled: true, floorPrice: 0, maxDeviationFromTwapBps: 2000 },
          },
        },
      },
      true,
    );
    const n = numbers(r);
    // Before the floor binds the oracle stays within 20% of a one-minute TWAP and the market acts normally...
    expect(r.blocks.filter((b) => b.block < 55 && b.oracleStale)).to.have.length(0);
    // ...after it, the clamped answers are refused and the market closes.
    expect(n.staleBlocks).to.be.greaterThan(10);
    // It fires later than the floor bound (only once the market is 20% below the clamped answer), so it lets more
    // through than the floor bound, but far less than no bound.
    expect(n.exploiterDebtDrawn).to.be.lessThan(got.floorOpen.exploiterDebtDrawn / 3);
    expect(n.exploiterDebtDrawn).to.be.greaterThan(got.floorGuarded.exploiterDebtDrawn);
  });

  it("the guard's cost: frozen at the bottom with liquidations queued, it refuses them and the book loses more", async () => {
    const { n: healthy } = await run("bottomHealthy");
    const { n: open } = await run("bottomOpen");
    const { n: guarded } = await run("bottomGuarded");
    // Without the guard the keeper clears the queue at the (still right) frozen price, as with a healthy oracle...
    expect(open.liquidations).to.be.closeTo(healthy.liquidations, 2);
    expect(open.liquidationsRefused).to.equal(0);
    // ...with it, liquidations are refused once the answer is stale and positions stay open.
    expect(guarded.liquidationsRefused).to.be.greaterThan(10);
    expect(guarded.liquidations).to.be.lessThan(open.liquidations);
    expect(guarded.lossOnBook).to.be.greaterThan(open.lossOnBook);
    // The other face, in the same run: without the guard the exploiter borrows against the frozen price once the
    // market falls again; with it, nothing.
    expect(open.exploiterDebtDrawn).to.be.greaterThan(100_000);
    expect(open.lossToExploiter).to.be.greaterThan(guarded.lossOnBook - open.lossOnBook);
    expect(guarded.exploiterDebtDrawn).to.equal(0);
  });

  it("the finding is read off the rows", () => {
    expect(Object.keys(got)).to.have.members(ROWS.map((r) => r.key));
    const text = finding(got);
    const money = (x: number) => Math.round(x).toLocaleString("en-US");
    expect(text).to.contain(money(got.frozenOpen.exploiterDebtDrawn));
    expect(text).to.contain(money(got.floorGuarded.exploiterDebtDrawn));
    expect(text).to.contain(`refused ${got.bottomGuarded.liquidationsRefused} liquidation attempts`);
  });
});
