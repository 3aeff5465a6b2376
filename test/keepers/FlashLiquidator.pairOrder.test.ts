import { expect } from "chai";
import { USDC } from "../lending/fixtures";
import { amountIn, amountOut, pairWorld, wethUsdcReserves } from "./pairWorld";

/**
 * FlashLiquidator's flash-swap liquidation against a pool that lists the debt asset as token0 and one that lists it
 * as token1: the swap's outputs, the collateral owed back and the sale of the rest all depend on the side.
 */
describe("FlashLiquidator: debt asset on either side of the pool's pair", () => {
  it("borrows, liquidates, repays the swap in collateral and sells the rest for the same profit on both sides", async () => {
    const repay = USDC(5_000);
    const profits: bigint[] = [];
    for (const side of ["token0", "token1"] as const) {
      const w = await pairWorld(side);
      expect((await w.amm.token0()) === (await w.usdc.getAddress())).to.equal(side === "token1");
      const [repaid, seized] = await w.market.previewLiquidation(w.borrower.address, w.weth, repay);
      expect(repaid).to.equal(repay);
      const r = await wethUsdcReserves(w);
      // Independently: the collateral owed for `repay` USDC at the pre-swap reserves, then the sale of the rest.
      const owed = amountIn(repay, r.weth, r.usdc);
      const left = seized - owed;
      const profit = amountOut(left, r.weth + owed, r.usdc - repay);
      const args = { market: w.market, borrower: w.borrower.address, collateralAsset: w.weth, repayAmount: repay };
      expect(await w.flash.connect(w.keeper).liquidateWithFlashSwap.staticCall(args, w.amm, 0, w.keeper)).to.equal(
        profit,
      );
      await w.flash.connect(w.keeper).liquidateWithFlashSwap(args, w.amm, 0, w.keeper);
      expect(await w.usdc.balanceOf(w.keeper.address)).to.equal(USDC(20_000) + profit);
      expect(await wethUsdcReserves(w)).to.deep.equal({ weth: r.weth + seized, usdc: r.usdc - repay - profit });
      expect(await w.market.debtOf(w.borrower.address)).to.equal(USDC(10_000));
      expect(await w.weth.balanceOf(w.flash)).to.equal(0n);
      expect(await w.usdc.balanceOf(w.flash)).to.equal(0n);
      profits.push(profit);
    }
    expect(profits[0]).to.be.greaterThan(0n);
    expect(profits[1]).to.equal(profits[0]);
  });
});
