import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { USDC, ETH } from "../lending/fixtures";
import { amountIn, pairWorld, wethUsdcReserves } from "./pairWorld";

const REPAY = USDC(5_000);
const AMM_USDC = USDC(850_000);
/** What liquidating 5,000 USDC of the borrower seizes at 1,700 with a 5% bonus: 5,000 x 1.05 / 1,700 ETH, rounded down. */
const SEIZED = (REPAY * 10n ** 12n * 10_500n) / 10_000n / 1_700n;

/**
 * A pool priced so that the collateral seized for 5,000 USDC is exactly what the flash swap of 5,000 USDC must be
 * repaid with: V2's getAmountIn(out, rIn, rOut) = floor(rIn x out x 1000 / ((rOut - out) x 997)) + 1 equals SEIZED
 * for the smallest rIn with rIn x out x 1000 >= (SEIZED - 1) x (rOut - out) x 997.
 */
function breakEvenWethReserve() {
  const denominator = (AMM_USDC - REPAY) * 997n;
  const numerator = REPAY * 1000n;
  return ((SEIZED - 1n) * denominator + numerator - 1n) / numerator;
}

const breakEvenWorld = () => pairWorld("token1", breakEvenWethReserve(), AMM_USDC);

describe("FlashLiquidator: a liquidation that exactly breaks even", () => {
  it("the pool is priced so that the seized collateral repays the flash swap to the unit", async () => {
    const w = await loadFixture(breakEvenWorld);
    const [repaid, seized] = await w.market.previewLiquidation(w.borrower.address, w.weth, REPAY);
    expect([repaid, seized]).to.deep.equal([REPAY, SEIZED]);
    const r = await wethUsdcReserves(w);
    expect(amountIn(REPAY, r.weth, r.usdc)).to.equal(SEIZED);
    expect(r.weth).to.be.within(ETH(500), ETH(540)); // about 1,630 USDC per ETH, a little below the oracle's 1,700
  });

  it("nothing is left to sell and the profit is 0: a minimum of 1 reverts InsufficientProfit(0, 1)", async () => {
    const w = await loadFixture(breakEvenWorld);
    const args = { market: w.market, borrower: w.borrower.address, collateralAsset: w.weth, repayAmount: REPAY };
    await expect(w.flash.connect(w.keeper).liquidateWithFlashSwap(args, w.amm, 1, w.keeper))
      .to.be.revertedWithCustomError(w.flash, "InsufficientProfit")
      .withArgs(0n, 1n);
    expect(await w.market.debtOf(w.borrower.address)).to.equal(USDC(15_000));
  });

  it("with a minimum of 0 it liquidates, pays the pool exactly in collateral and transfers nothing to the keeper", async () => {
    const w = await loadFixture(breakEvenWorld);
    const before = await wethUsdcReserves(w);
    const args = { market: w.market, borrower: w.borrower.address, collateralAsset: w.weth, repayAmount: REPAY };
    const tx = w.flash.connect(w.keeper).liquidateWithFlashSwap(args, w.amm, 0, w.keeper);
    await expect(tx).to.emit(w.market, "Liquidation");
    // No transfer of any amount (not even 0) to the keeper.
    const receipt = await (await tx).wait();
    const usdcAddress = await w.usdc.getAddress();
    const toKeeper = receipt!.logs
      .filter((l) => l.address === usdcAddress)
      .map((l) => w.usdc.interface.parseLog(l))
      .filter((e) => e?.name === "Transfer" && e.args.to === w.keeper.address);
    expect(toKeeper).to.have.length(0);
    expect(await w.usdc.balanceOf(w.keeper.address)).to.equal(USDC(20_000));
    // One swap only (the flash swap): the pool gained exactly the seized collateral and lost exactly the repayment.
    expect(await wethUsdcReserves(w)).to.deep.equal({ weth: before.weth + SEIZED, usdc: before.usdc - REPAY });
    expect(await w.market.debtOf(w.borrower.address)).to.equal(USDC(10_000));
    expect(await w.weth.balanceOf(w.flash)).to.equal(0n);
    expect(await w.usdc.balanceOf(w.flash)).to.equal(0n);
  });
});
