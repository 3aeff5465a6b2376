import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { deployMarketNoInterest, openPosition, MARKET, RATES, ETH_PARAMS, USDC, ETH, WAD } from "./fixtures";

/**
 * The market's input guards (zero addresses, zero amounts, unlisted assets, out-of-bound parameters), one by one: each
 * refusal names the offending value. Found unreached by the coverage gate (scripts/coverage/run.ts).
 */
describe("LendingPool: input guards", () => {
  async function world() {
    const m = await deployMarketNoInterest();
    const [admin, lender, a, b] = m.signers;
    const unlisted = await ethers.deployContract("MockERC20", ["Unlisted", "UNL", 18]);
    await openPosition(m, a, { weth: ETH(10) }, USDC(10_000));
    return { ...m, admin, lender, a, b, unlisted };
  }

  it("refuses a zero debt asset or admin at construction", async () => {
    const w = await loadFixture(world);
    const usdc = await w.usdc.getAddress();
    for (const [debt, admin] of [
      [ethers.ZeroAddress, w.admin.address],
      [usdc, ethers.ZeroAddress],
    ]) {
      await expect(ethers.deployContract("LendingPool", [debt, admin, MARKET, RATES])).to.be.revertedWithCustomError(
        w.pool,
        "ZeroAddress",
      );
    }
  });

  it("refuses to list the zero address, and a feed with more than 18 decimals", async () => {
    const w = await loadFixture(world);
    const feed = await w.ethFeed.getAddress();
    const config = { feed, maxPriceAge: 3600, supplyCap: ETH(1), ...ETH_PARAMS };
    await expect(w.pool.listCollateral(ethers.ZeroAddress, config)).to.be.revertedWithCustomError(
      w.pool,
      "ZeroAddress",
    );
    const wide = await ethers.deployContract("MockPriceFeed", [19, 1n]);
    await expect(w.pool.listCollateral(w.unlisted, { ...config, feed: await wide.getAddress() }))
      .to.be.revertedWithCustomError(w.pool, "UnsupportedDecimals")
      .withArgs(await wide.getAddress(), 19);
  });

  it("refuses a price age of zero", async () => {
    const w = await loadFixture(world);
    const config = { feed: await w.ethFeed.getAddress(), maxPriceAge: 0, supplyCap: ETH(1), ...ETH_PARAMS };
    await expect(w.pool.listCollateral(w.unlisted, config))
      .to.be.revertedWithCustomError(w.pool, "InvalidMaxPriceAge")
      .withArgs(0);
  });

  it("checks every rate-model bound on its own", async () => {
    const w = await loadFixture(world);
    const max = 10n * WAD;
    for (const bad of [
      { ...RATES, kinkUtilization: 0n },
      { ...RATES, kinkUtilization: WAD },
      { ...RATES, baseRatePerYear: max + 1n },
      { ...RATES, slope1PerYear: max + 1n },
      { ...RATES, slope2PerYear: max + 1n },
    ]) {
      await expect(w.pool.setRateModel(bad))
        .to.be.revertedWithCustomError(w.pool, "InvalidRateModel")
        .withArgs(bad.baseRatePerYear, bad.slope1PerYear, bad.slope2PerYear, bad.kinkUtilization);
    }
  });

  it("refuses zero receivers, zero amounts and a zero beneficiary", async () => {
    const w = await loadFixture(world);
    const weth = await w.weth.getAddress();
    const pool = w.pool.connect(w.a);
    await expect(pool.depositCollateral(weth, ETH(1), ethers.ZeroAddress)).to.be.revertedWithCustomError(
      w.pool,
      "ZeroAddress",
    );
    await expect(pool.withdrawCollateral(weth, ETH(1), w.a.address, ethers.ZeroAddress)).to.be.revertedWithCustomError(
      w.pool,
      "ZeroAddress",
    );
    await expect(pool.withdrawCollateral(weth, 0, w.a.address, w.a.address)).to.be.revertedWithCustomError(
      w.pool,
      "ZeroAmount",
    );
    await expect(pool.borrow(USDC(1), w.a.address, ethers.ZeroAddress)).to.be.revertedWithCustomError(
      w.pool,
      "ZeroAddress",
    );
    await expect(pool.repay(0, w.a.address)).to.be.revertedWithCustomError(w.pool, "ZeroAmount");
    await expect(
      w.pool.connect(w.b).liquidate(w.a.address, weth, USDC(1), ethers.ZeroAddress, 0),
    ).to.be.revertedWithCustomError(w.pool, "ZeroAddress");
  });

  it("refuses to withdraw zero, by amount or with nothing supplied", async () => {
    const w = await loadFixture(world);
    await expect(
      w.pool.connect(w.lender).withdraw(0, w.lender.address, w.lender.address),
    ).to.be.revertedWithCustomError(w.pool, "ZeroAmount");
    await expect(
      w.pool.connect(w.b).withdraw(ethers.MaxUint256, w.b.address, w.b.address),
    ).to.be.revertedWithCustomError(w.pool, "ZeroAmount");
  });

  it("refuses to lend more than the cash it holds", async () => {
    const w = await loadFixture(world);
    await openPosition(w, w.b, { weth: ETH(900_000) }, 0n);
    const available = (await w.pool.totalSupplyAssets()) - (await w.pool.totalBorrowAssets());
    await expect(w.pool.connect(w.b).borrow(available + 1n, w.b.address, w.b.address))
      .to.be.revertedWithCustomError(w.pool, "InsufficientLiquidity")
      .withArgs(available + 1n, available);
  });

  it("answers views about an unlisted asset with CollateralNotListed", async () => {
    const w = await loadFixture(world);
    const u = await w.unlisted.getAddress();
    const calls: [string, () => Promise<unknown>][] = [
      ["priceOf", () => w.pool.priceOf(u)],
      // `valueOf` is also Object.prototype's: reach the contract function by name.
      ["valueOf", () => w.pool.getFunction("valueOf")(u, 1)],
      ["previewLiquidation", () => w.pool.previewLiquidation(w.a.address, u, 1)],
      ["withdrawCollateral", () => w.pool.connect(w.a).withdrawCollateral(u, 1, w.a.address, w.a.address)],
    ];
    for (const [, call] of calls) {
      await expect(call()).to.be.revertedWithCustomError(w.pool, "CollateralNotListed").withArgs(u);
    }
  });

  it("previews nothing for a zero repay amount or a position without that collateral", async () => {
    const w = await loadFixture(world);
    await w.ethFeed.setAnswer(1_000n * 10n ** 8n); // a is liquidatable (10 ETH x 1,000 x 0.8 < 10,000)
    const weth = await w.weth.getAddress();
    const wbtc = await w.wbtc.getAddress();
    expect(await w.pool.previewLiquidation(w.a.address, weth, 0)).to.deep.equal([0n, 0n]);
    expect(await w.pool.previewLiquidation(w.a.address, wbtc, USDC(1))).to.deep.equal([0n, 0n]);
  });
});
