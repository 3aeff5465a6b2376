import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { MARKET, ETH_PARAMS, USDC, ETH, WAD } from "../lending/fixtures";
import { deployUsdcWeth } from "../helpers/tokenOrder";

const NO_INTEREST = { baseRatePerYear: 0n, slope1PerYear: 0n, slope2PerYear: 0n, kinkUtilization: WAD / 2n };
const FLOAT = USDC(100_000);

/**
 * The oracle AMM (1,000 WETH / 2,000,000 USDC), a deep lender AMM (5,000 / 10,000,000), a market on a live spot feed of
 * the oracle AMM with one victim (10 WETH, 14,000 USDC debt: health 1.14), and the attacker's contract with a
 * 100,000 USDC float. `wethSide` chooses where WETH sorts in both pools.
 */
async function world(wethSide: "token0" | "token1") {
  const [admin, lender, victim, attacker, stranger] = await ethers.getSigners();
  const { usdc, weth } = await deployUsdcWeth(wethSide);
  const oracleAmm = await ethers.deployContract("ConstantProductPool", [weth, usdc, 30, "Oracle LP", "OLP"]);
  const lenderAmm = await ethers.deployContract("ConstantProductPool", [weth, usdc, 30, "Deep LP", "DLP"]);
  for (const [amm, e, u] of [
    [oracleAmm, ETH(1_000), USDC(2_000_000)],
    [lenderAmm, ETH(5_000), USDC(10_000_000)],
  ] as const) {
    await weth.mint(amm, e);
    await usdc.mint(amm, u);
    await amm.mint(admin.address);
  }
  const feed = await ethers.deployContract("AmmSpotFeed", [oracleAmm, weth, 8]);
  const market = await ethers.deployContract("LendingPool", [usdc, admin.address, MARKET, NO_INTEREST]);
  await market.listCollateral(weth, { feed, maxPriceAge: 3600, supplyCap: ETH(1_000_000), ...ETH_PARAMS });
  await usdc.mint(lender.address, USDC(100_000));
  await usdc.connect(lender).approve(market, ethers.MaxUint256);
  await market.connect(lender).supply(USDC(100_000), lender.address);
  await weth.mint(victim.address, ETH(10));
  await weth.connect(victim).approve(market, ETH(10));
  await market.connect(victim).depositCollateral(weth, ETH(10), victim.address);
  await market.connect(victim).borrow(USDC(14_000), victim.address, victim.address);
  const manipulator = await ethers.deployContract("OracleManipulator", [attacker.address, weth, usdc]);
  await usdc.mint(manipulator, FLOAT);
  const params = (borrowAmount: bigint) => ({
    lender: lenderAmm.target as string,
    oracleAmm: oracleAmm.target as string,
    market: market.target as string,
    victims: [victim.address],
    borrowAmount,
    passes: 2,
    minProfit: 0n,
  });
  return { attacker, stranger, victim, usdc, weth, oracleAmm, lenderAmm, feed, market, manipulator, params };
}

const wethToken0 = () => world("token0");
const wethToken1 = () => world("token1");

async function reserves(amm: { getReserves: () => Promise<[bigint, bigint, bigint]> }) {
  const [r0, r1] = await amm.getReserves();
  return [r0, r1];
}

describe("OracleManipulator: pair order, owner-only tools, no-op pushes, empty float", () => {
  it("the flash attack is the same whichever side of the pairs WETH sorts on (same profit, same liquidation)", async () => {
    const results = [];
    for (const side of ["token0", "token1"] as const) {
      const w = await world(side);
      expect((await w.lenderAmm.token0()) === (await w.weth.getAddress())).to.equal(side === "token0");
      const p = w.params(ETH(150));
      const expected = await w.manipulator.connect(w.attacker).flashAttack.staticCall(p);
      await expect(w.manipulator.connect(w.attacker).flashAttack(p)).to.emit(w.market, "Liquidation");
      expect(await w.market.debtOf(w.victim.address)).to.equal(0n);
      expect(await w.weth.balanceOf(w.manipulator)).to.equal(0n);
      expect(await w.usdc.balanceOf(w.manipulator)).to.equal(FLOAT + expected.profit);
      results.push(expected);
    }
    expect(results[0].liquidations).to.equal(1n);
    expect(results[0].profit).to.be.greaterThan(USDC(1_000));
    // The pools' arithmetic is symmetric in the order of the pair: the two worlds give the same unit-exact result.
    expect(results[1].profit).to.equal(results[0].profit);
    expect(results[1].liquidations).to.equal(results[0].liquidations);
  });

  it("pushPriceDown, pushPriceUp and liquidateMany refuse anyone but the owner", async () => {
    const w = await loadFixture(wethToken1);
    const m = w.manipulator.connect(w.stranger);
    await expect(m.pushPriceDown(w.oracleAmm, 1_600n * WAD, ethers.MaxUint256))
      .to.be.revertedWithCustomError(w.manipulator, "NotOwner")
      .withArgs(w.stranger.address);
    await expect(m.pushPriceUp(w.oracleAmm, 2_400n * WAD, ethers.MaxUint256))
      .to.be.revertedWithCustomError(w.manipulator, "NotOwner")
      .withArgs(w.stranger.address);
    await expect(m.liquidateMany(w.market, [w.victim.address], 1))
      .to.be.revertedWithCustomError(w.manipulator, "NotOwner")
      .withArgs(w.stranger.address);
  });

  it("a push with nothing to do, nothing to sell or no budget returns 0 and leaves the pool as it was", async () => {
    const w = await loadFixture(wethToken0);
    const m = w.manipulator.connect(w.attacker);
    const before = await reserves(w.oracleAmm);
    // The spot (2,000) is already above 1,500: nothing to buy.
    expect(await m.pushPriceUp.staticCall(w.oracleAmm, 1_500n * WAD, ethers.MaxUint256)).to.equal(0n);
    // Above 2,000 but a zero budget: nothing spent.
    expect(await m.pushPriceUp.staticCall(w.oracleAmm, 2_400n * WAD, 0n)).to.equal(0n);
    // Below 2,000 but the contract holds no WETH to sell.
    expect(await w.weth.balanceOf(w.manipulator)).to.equal(0n);
    expect(await m.pushPriceDown.staticCall(w.oracleAmm, 1_600n * WAD, ethers.MaxUint256)).to.equal(0n);
    await m.pushPriceUp(w.oracleAmm, 2_400n * WAD, 0n);
    await m.pushPriceDown(w.oracleAmm, 1_600n * WAD, ethers.MaxUint256);
    expect(await reserves(w.oracleAmm)).to.deep.equal(before);
    expect(await w.usdc.balanceOf(w.manipulator)).to.equal(FLOAT);
  });

  it("liquidateMany with no debt asset left stops at once: a liquidatable victim is left untouched", async () => {
    const w = await loadFixture(wethToken1);
    const m = w.manipulator.connect(w.attacker);
    await w.weth.mint(w.manipulator, ETH(500));
    await m.pushPriceDown(w.oracleAmm, 1_600n * WAD, ethers.MaxUint256);
    expect(await w.market.healthFactor(w.victim.address)).to.be.lessThan(WAD); // liquidatable at 1,600
    await m.withdraw(w.usdc, w.attacker.address, await w.usdc.balanceOf(w.manipulator));
    await expect(m.liquidateMany(w.market, [w.victim.address], 2))
      .to.emit(w.manipulator, "LiquidatedMany")
      .withArgs(0n, 0n, 0n);
    expect(await w.market.collateralOf(w.victim.address, w.weth)).to.equal(ETH(10));
    expect(await w.market.debtOf(w.victim.address)).to.equal(USDC(14_000));
  });

  it("without a float, a dump that liquidates nothing cannot buy back the flash loan: CannotRepayFlash(cost, 0)", async () => {
    const w = await loadFixture(wethToken0);
    const p = w.params(ETH(20)); // ~4% down: the victim stays healthy, nothing is seized
    // With the float the shortfall is bought and the attack ends as an ordinary loss ...
    await expect(w.manipulator.connect(w.attacker).flashAttack(p))
      .to.be.revertedWithCustomError(w.manipulator, "UnprofitableAttack")
      .withArgs((profit: bigint) => profit < 0n, 0n, 0n);
    // ... without it the buy-back spends the whole dump's proceeds and still owes the lender collateral.
    await w.manipulator.connect(w.attacker).withdraw(w.usdc, w.attacker.address, FLOAT);
    const lenderBefore = await reserves(w.lenderAmm);
    await expect(w.manipulator.connect(w.attacker).flashAttack(p))
      .to.be.revertedWithCustomError(w.manipulator, "CannotRepayFlash")
      .withArgs((cost: bigint) => cost > 0n, 0n);
    expect(await reserves(w.lenderAmm)).to.deep.equal(lenderBefore);
  });
});
