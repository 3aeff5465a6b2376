import { expect } from "chai";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import { deployPerp, ETH, USD, expectConserved, open, moveMarket, movePool, setMark } from "./fixture";
import type { PerpFixture } from "./fixture";

/** The pool's base and debt reserves, whichever token is token0. */
async function reserves(f: PerpFixture): Promise<[bigint, bigint]> {
  const [r0, r1] = await f.pool.getReserves();
  return (await f.pool.token0()) === (await f.base.getAddress()) ? [r0, r1] : [r1, r0];
}
/** ConstantProductLibrary at the fixture's 30 bps. */
const amountOut = (x: bigint, rIn: bigint, rOut: bigint) => (x * 9970n * rOut) / (rIn * 10_000n + x * 9970n);
const amountIn = (y: bigint, rIn: bigint, rOut: bigint) => (rIn * y * 10_000n) / ((rOut - y) * 9970n) + 1n;
const ceilDiv = (a: bigint, b: bigint) => (a + b - 1n) / b;
const MARKET_SALE = 0n;
const BACKSTOP = 1n;

/**
 * PerpMarket's guards on the paths the scenario tests pass by: a close or a margin withdrawal that the position
 * cannot pay, an open already under water at the mark, the backstop's unwind with nothing to do, and the liquidation
 * fill bound at its extremes (a spread capped below 100%, a short larger than the pool's base).
 */
describe("PerpMarket: guards with the values they report", () => {
  it("refuses its owner's close of a position whose pool exit loses more than its margin", async () => {
    const f = await deployPerp({ maxFundingRatePerSecondWad: 0n });
    const id = await open(f, f.alice, true, 10n * ETH, 1_500n * USD);
    const p = await f.market.position(id);
    await movePool(f, 1_700n * USD);
    const [rb, rd] = await reserves(f);
    const shortfall = p.entryNotional - amountOut(10n * ETH, rb, rd) - p.margin;
    expect(shortfall).to.be.gt(0n);
    await expect(f.market.connect(f.alice).closePosition(id, 0n))
      .to.be.revertedWithCustomError(f.market, "PositionUnhealthy")
      .withArgs(id, -shortfall, 0n);
    expect((await f.market.position(id)).size).to.equal(10n * ETH);
  });

  it("refuses a margin withdrawal once funding owed exceeds the margin", async () => {
    const f = await deployPerp();
    const id = await open(f, f.alice, true, 10n * ETH, 1_500n * USD);
    // Pool 100% over the index: the rate sits at its cap, 4%/h of the mark: ~800 USD/h on 10 ETH.
    await movePool(f, 4_000n * USD);
    await time.increase(3 * 3_600);
    await setMark(f, 2_000n * 10n ** 8n);
    // Funding settles first and takes all the margin: the report is margin 0 − amount.
    await expect(f.market.connect(f.alice).removeMargin(id, USD))
      .to.be.revertedWithCustomError(f.market, "PositionUnhealthy")
      .withArgs(id, -USD, USD);
  });

  it("refuses an open already under water at the mark, reporting zero equity", async () => {
    const f = await deployPerp();
    await setMark(f, 1_000n * 10n ** 8n);
    const [rb, rd] = await reserves(f);
    const cost = amountIn(ETH, rd, rb);
    // Equity = 500 − fee + (1,000 − ~2,008) < 0; the requirement is on the larger, executed notional.
    await expect(f.market.connect(f.alice).openPosition(true, ETH, 500n * USD, 2n ** 255n))
      .to.be.revertedWithCustomError(f.market, "InsufficientInitialMargin")
      .withArgs(0n, ceilDiv(cost, 20n));
  });

  it("unwinds nothing when the backstop is flat, or when asked for zero of a long exposure", async () => {
    const f = await deployPerp({ liquidationSpreadMmrMultipleWad: 10n ** 16n });
    expect(await f.market.backstopExposure()).to.equal(0n);
    await expect(f.market.unwindBackstop(ETH, 0n, 2n ** 255n)).to.be.revertedWithCustomError(
      f.market,
      "NothingToUnwind",
    );
    const id = await open(f, f.alice, true, 10n * ETH, 1_500n * USD);
    await moveMarket(f, 1_920n);
    await expect(f.market.connect(f.keeper).liquidate(id))
      .to.emit(f.market, "Liquidated")
      .withArgs(id, f.keeper.address, BACKSTOP, 10n * ETH, 19_200n * USD, (x: bigint) => x > 0n, 0n, 0n);
    expect(await f.market.backstopExposure()).to.equal(10n * ETH);
    await expect(f.market.unwindBackstop(0n, 0n, 0n)).to.be.revertedWithCustomError(f.market, "NothingToUnwind");
    await f.market.unwindBackstop(ETH, 0n, 0n);
    expect(await f.market.backstopExposure()).to.equal(9n * ETH);
    await expectConserved(f);
  });

  it("caps the liquidation spread below 100%: a maintenance ratio above 100% still sells on the pool", async () => {
    // 2.5% + 5e13 per whole debt token of long open interest: 102.5% of the notional at 20,000 USD of longs.
    const f = await deployPerp({ oiMmrFactorWad: 5n * 10n ** 13n, backstopEquityFractionWad: 0n });
    const id = await open(f, f.alice, true, 10n * ETH, 1_500n * USD);
    expect(await f.market.maintenanceMarginOf(id)).to.be.gt(20_000n * USD);
    const [rb, rd] = await reserves(f);
    await expect(f.market.connect(f.keeper).liquidate(id))
      .to.emit(f.market, "Liquidated")
      .withArgs(
        id,
        f.keeper.address,
        MARKET_SALE,
        10n * ETH,
        amountOut(10n * ETH, rb, rd),
        (x: bigint) => x > 0n,
        (x: bigint) => x > 0n,
        0n,
      );
    expect(await f.market.openPositionIds()).to.deep.equal([]);
    await expectConserved(f);
  });

  it("hands a short larger than the pool's base to the backstop at the mark", async () => {
    const f = await deployPerp({ backstopEquityFractionWad: 0n });
    const id = await open(f, f.bob, false, 10n * ETH, 1_500n * USD);
    // The whale buys the pool down to ~9 ETH of base: the short's 10 ETH cannot be bought back there.
    await f.debt.mint(f.whale.address, 400_000_000n * USD);
    const [rb, rd] = await reserves(f);
    await movePool(f, (rb * rd * ETH) / (9n * ETH) ** 2n);
    expect((await reserves(f))[0]).to.be.lt(10n * ETH);
    await setMark(f, 2_100n * 10n ** 8n);
    expect(await f.market.equityOf(id)).to.be.gte(0n);
    expect(await f.market.isLiquidatable(id)).to.equal(true);
    // Fee 1.5% of 21,000 = 315 USD, the keeper's 30% of it: 94.5 USD.
    await expect(f.market.connect(f.keeper).liquidate(id))
      .to.emit(f.market, "Liquidated")
      .withArgs(id, f.keeper.address, BACKSTOP, 10n * ETH, 21_000n * USD, 94_500_000n, 0n, 0n);
    expect(await f.market.backstopExposure()).to.equal(-10n * ETH);
    await expectConserved(f);
  });
});
