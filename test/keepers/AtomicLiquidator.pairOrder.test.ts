import { expect } from "chai";
import { USDC } from "../lending/fixtures";
import { amountOut, pairWorld, wethUsdcReserves } from "./pairWorld";

/**
 * AtomicLiquidator against a pool that lists the collateral as token0 and one that lists it as token1: the pool sorts
 * its pair by address, so both sides occur in practice and the sale must read the reserves the right way round.
 */
describe("AtomicLiquidator: collateral on either side of the pool's pair", () => {
  it("repays, sells every seized unit at the V2 price and pays the keeper the same whichever side WETH sorts on", async () => {
    const repay = USDC(5_000);
    const outcomes: bigint[] = [];
    for (const side of ["token0", "token1"] as const) {
      const w = await pairWorld(side);
      expect((await w.amm.token0()) === (await w.weth.getAddress())).to.equal(side === "token0");
      const [repaid, seized] = await w.market.previewLiquidation(w.borrower.address, w.weth, repay);
      expect(repaid).to.equal(repay);
      const r = await wethUsdcReserves(w);
      const proceeds = amountOut(seized, r.weth, r.usdc);
      await expect(
        w.atomic.connect(w.keeper).liquidateAndSell(w.market, w.borrower.address, w.weth, repay, repay, w.amm, 1),
      )
        .to.emit(w.atomic, "AtomicLiquidation")
        .withArgs(w.keeper.address, w.borrower.address, await w.market.getAddress(), repay, seized, proceeds);
      expect(await w.usdc.balanceOf(w.keeper.address)).to.equal(USDC(20_000) - repay + proceeds);
      expect(await wethUsdcReserves(w)).to.deep.equal({ weth: r.weth + seized, usdc: r.usdc - proceeds });
      expect(await w.weth.balanceOf(w.atomic)).to.equal(0n);
      expect(await w.usdc.balanceOf(w.atomic)).to.equal(0n);
      outcomes.push(proceeds);
    }
    expect(outcomes[1]).to.equal(outcomes[0]);
  });
});
