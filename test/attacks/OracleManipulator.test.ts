import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { MARKET, ETH_PARAMS, USDC, ETH, WAD } from "../lending/fixtures";

const NO_INTEREST = { baseRatePerYear: 0n, slope1PerYear: 0n, slope2PerYear: 0n, kinkUtilization: WAD / 2n };

/**
 * The oracle AMM (1,000 WETH / 2,000,000 USDC), a deep lender AMM (5,000 / 10,000,000) and two markets over the same
 * victim (10 WETH, 14,000 USDC debt: health 1.14): one listed on a live AmmSpotFeed of the oracle AMM, one on its
 * 10-minute AmmTwapFeed. The attacker's contract holds a 100,000 USDC float.
 */
async function world() {
  const [admin, lender, victim, attacker, stranger] = await ethers.getSigners();
  const usdc = await ethers.deployContract("MockERC20", ["USD Coin", "USDC", 6]);
  const weth = await ethers.deployContract("MockERC20", ["Wrapped Ether", "WETH", 18]);
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
  const spotFeed = await ethers.deployContract("AmmSpotFeed", [oracleAmm, weth, 8]);
  const twapFeed = await ethers.deployContract("AmmTwapFeed", [oracleAmm, weth, 600, 8, "WETH / USDC TWAP 10m"]);
  await twapFeed.update();
  await time.increase(600);
  await oracleAmm.sync();

  const markets = [];
  for (const feed of [spotFeed, twapFeed]) {
    const market = await ethers.deployContract("LendingPool", [usdc, admin.address, MARKET, NO_INTEREST]);
    await market.listCollateral(weth, { feed, maxPriceAge: 3600, supplyCap: ETH(1_000_000), ...ETH_PARAMS });
    await usdc.mint(lender.address, USDC(100_000));
    await usdc.connect(lender).approve(market, ethers.MaxUint256);
    await market.connect(lender).supply(USDC(100_000), lender.address);
    await weth.mint(victim.address, ETH(10));
    await weth.connect(victim).approve(market, ETH(10));
    await market.connect(victim).depositCollateral(weth, ETH(10), victim.address);
    await market.connect(victim).borrow(USDC(14_000), victim.address, victim.address);
    markets.push(market);
  }
  const manipulator = await ethers.deployContract("OracleManipulator", [attacker.address, weth, usdc]);
  await usdc.mint(manipulator, USDC(100_000));
  const params = (market: string, borrowAmount = ETH(150), minProfit = 0n) => ({
    lender: lenderAmm.target as string,
    oracleAmm: oracleAmm.target as string,
    market,
    victims: [victim.address],
    borrowAmount,
    passes: 2,
    minProfit,
  });
  return {
    attacker,
    stranger,
    victim,
    usdc,
    weth,
    oracleAmm,
    lenderAmm,
    spotFeed,
    manipulator,
    params,
    spot: markets[0],
    twap: markets[1],
  };
}

async function reserves(amm: { getReserves: () => Promise<[bigint, bigint, bigint]> }) {
  const [r0, r1] = await amm.getReserves();
  return r0 * r1;
}

describe("OracleManipulator (the simulation's oracle attacker)", () => {
  it("flash attack on a live spot oracle: liquidates in one transaction, repays the lender, keeps a profit", async () => {
    const w = await loadFixture(world);
    const p = w.params(await w.spot.getAddress());
    const expected = await w.manipulator.connect(w.attacker).flashAttack.staticCall(p);
    expect(expected.liquidations).to.equal(1n);
    const kLender = await reserves(w.lenderAmm);
    const before = await w.usdc.balanceOf(w.manipulator);
    const tx = w.manipulator.connect(w.attacker).flashAttack(p);
    await expect(tx).to.emit(w.spot, "Liquidation");
    await expect(tx).to.emit(w.manipulator, "FlashAttack");
    const receipt = await (await tx).wait();
    const event = receipt!.logs.map((l) => w.manipulator.interface.parseLog(l)).find((e) => e?.name === "FlashAttack")!;
    // The market read WETH ~24% below 2,000 inside the transaction (1000²/1150² × 2000 ≈ 1,512 before the fee).
    expect(event.args.priceWad).to.be.lessThan(1_550n * WAD);
    expect(event.args.priceWad).to.be.greaterThan(1_450n * WAD);
    expect(event.args.profit).to.equal(expected.profit);
    expect(await w.usdc.balanceOf(w.manipulator)).to.equal(before + expected.profit);
    expect(expected.profit).to.be.greaterThan(USDC(1_000));
    // Nothing left in collateral; the lender's invariant grew (it was repaid with its fee).
    expect(await w.weth.balanceOf(w.manipulator)).to.equal(0n);
    expect(await reserves(w.lenderAmm)).to.be.greaterThan(kLender);
    // The oracle AMM was bought back to (about) where it was: its spot is within 1% of 2,000.
    const [, answer] = await w.spotFeed.latestRoundData();
    expect(answer).to.be.closeTo(2_000n * 10n ** 8n, 20n * 10n ** 8n);
    expect(await w.spot.debtOf(w.victim.address)).to.equal(0n);
  });

  it("the same transaction against the TWAP market reverts with UnprofitableAttack carrying a loss and 0 liquidations", async () => {
    const w = await loadFixture(world);
    const p = w.params(await w.twap.getAddress());
    await expect(w.manipulator.connect(w.attacker).flashAttack(p))
      .to.be.revertedWithCustomError(w.manipulator, "UnprofitableAttack")
      .withArgs((profit: bigint) => profit < 0n && profit > -USDC(10_000), 0n, 0n);
    expect(await w.twap.collateralOf(w.victim.address, w.weth)).to.equal(ETH(10));
  });

  it("reverts below minProfit even when the liquidation went through, with the profit it would have made", async () => {
    const w = await loadFixture(world);
    const p = w.params(await w.spot.getAddress());
    const { profit } = await w.manipulator.connect(w.attacker).flashAttack.staticCall(p);
    await expect(w.manipulator.connect(w.attacker).flashAttack({ ...p, minProfit: profit + 1n }))
      .to.be.revertedWithCustomError(w.manipulator, "UnprofitableAttack")
      .withArgs(profit, profit + 1n, 1n);
  });

  it("too small a dump leaves the victim healthy: nothing liquidated, the round trip loses fees, it reverts", async () => {
    const w = await loadFixture(world);
    const p = w.params(await w.spot.getAddress(), ETH(20)); // ~4% down: health 1.14 → 1.10
    await expect(w.manipulator.connect(w.attacker).flashAttack(p))
      .to.be.revertedWithCustomError(w.manipulator, "UnprofitableAttack")
      .withArgs((profit: bigint) => profit < 0n, 0n, 0n);
  });

  it("guards: owner only, callbacks only from the lender it waits on, two distinct pools of the pair", async () => {
    const w = await loadFixture(world);
    const p = w.params(await w.spot.getAddress());
    await expect(w.manipulator.connect(w.stranger).flashAttack(p))
      .to.be.revertedWithCustomError(w.manipulator, "NotOwner")
      .withArgs(w.stranger.address);
    await expect(w.manipulator.connect(w.stranger).uniswapV2Call(w.manipulator, 1, 0, "0x"))
      .to.be.revertedWithCustomError(w.manipulator, "UnexpectedCallback")
      .withArgs(w.stranger.address);
    await expect(w.manipulator.connect(w.attacker).flashAttack({ ...p, lender: p.oracleAmm }))
      .to.be.revertedWithCustomError(w.manipulator, "PairMismatch")
      .withArgs(p.oracleAmm);
    const other = await ethers.deployContract("MockERC20", ["Other", "OTH", 18]);
    const wrongPool = await ethers.deployContract("ConstantProductPool", [other, w.usdc, 30, "X", "X"]);
    await expect(w.manipulator.connect(w.attacker).pushPriceDown(wrongPool, WAD, 1))
      .to.be.revertedWithCustomError(w.manipulator, "PairMismatch")
      .withArgs(await wrongPool.getAddress());
    await expect(w.manipulator.connect(w.stranger).withdraw(w.usdc, w.stranger.address, 1))
      .to.be.revertedWithCustomError(w.manipulator, "NotOwner")
      .withArgs(w.stranger.address);
  });

  it("multi-block tools: pushPriceDown lands on the target, liquidateMany skips the healthy, pushPriceUp unwinds", async () => {
    const w = await loadFixture(world);
    await w.weth.mint(w.manipulator, ETH(500));
    const m = w.manipulator.connect(w.attacker);
    await m.pushPriceDown(w.oracleAmm, 1_600n * WAD, ethers.MaxUint256);
    let [, answer] = await w.spotFeed.latestRoundData();
    expect(answer).to.be.closeTo(1_600n * 10n ** 8n, 10n ** 8n); // within 1 USDC of the target
    // Already at the target: sells nothing more.
    expect(await m.pushPriceDown.staticCall(w.oracleAmm, 1_600n * WAD, ethers.MaxUint256)).to.equal(0n);
    // The spot market sees 1,600: health 0.91, liquidatable; the TWAP market does not (yet).
    await expect(m.liquidateMany(w.twap, [w.victim.address], 1))
      .to.emit(w.manipulator, "LiquidatedMany")
      .withArgs(0n, 0n, 0n);
    await expect(m.liquidateMany(w.spot, [w.victim.address], 1)).to.emit(w.spot, "Liquidation");
    await m.pushPriceUp(w.oracleAmm, 2_000n * WAD, ethers.MaxUint256);
    [, answer] = await w.spotFeed.latestRoundData();
    expect(answer).to.be.closeTo(2_000n * 10n ** 8n, 10n ** 8n);
    await m.withdraw(w.usdc, w.attacker.address, USDC(1));
    expect(await w.usdc.balanceOf(w.attacker.address)).to.equal(USDC(1));
  });
});
