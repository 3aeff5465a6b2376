import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { MARKET, ETH_PARAMS, USDC, ETH } from "../lending/fixtures";

const NO_INTEREST = { baseRatePerYear: 0n, slope1PerYear: 0n, slope2PerYear: 0n, kinkUtilization: 10n ** 17n * 5n };

/**
 * The oracle AMM (1,000 WETH / 2,000,000 USDC), a deep second AMM the attacker flash-borrows WETH from, and two
 * markets over the same victim position (10 WETH, 14,000 USDC debt: health 1.14): one prices WETH at the oracle
 * AMM's spot, the other at its 10-minute TWAP.
 */
async function manipulationWorld() {
  const [admin, lender, victim, attackerEoa] = await ethers.getSigners();
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
  const spotFeed = await ethers.deployContract("SpotPriceFeed", [oracleAmm, weth]);
  const twapFeed = await ethers.deployContract("AmmTwapFeed", [oracleAmm, weth, 600, 8, "WETH / USDC TWAP 10m"]);
  await twapFeed.update();
  await time.increase(600);
  await oracleAmm.sync(); // accumulate the first window

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
  const attacker = await ethers.deployContract("SpotOracleAttacker", [lenderAmm, weth, usdc]);
  await usdc.mint(attacker, USDC(100_000));
  return {
    victim,
    attackerEoa,
    usdc,
    weth,
    oracleAmm,
    lenderAmm,
    spotFeed,
    twapFeed,
    attacker,
    spot: markets[0],
    twap: markets[1],
  };
}

describe("Attack: flash-swap manipulation of an AMM-based oracle", () => {
  it("against a spot oracle, one transaction makes a healthy position liquidatable and takes its collateral", async () => {
    const w = await loadFixture(manipulationWorld);
    const before = await w.spot.healthFactor(w.victim.address);
    expect(before).to.be.greaterThan(10n ** 18n); // 1.14: healthy
    const value = async () => {
      const [u, e] = [await w.usdc.balanceOf(w.attacker), await w.weth.balanceOf(w.attacker)];
      return u + (e * 2_000n) / 10n ** 12n; // at the undisturbed 2,000
    };
    const valueBefore = await value();
    const tx = w.attacker.attack(w.oracleAmm, w.spot, w.victim.address, ETH(300), USDC(14_000));
    await expect(tx).to.emit(w.spot, "Liquidation");
    const receipt = await (await tx).wait();
    const log = receipt!.logs.map((l) => w.spot.interface.parseLog(l)).find((l) => l?.name === "Liquidation")!;
    expect(log.args.healthBefore).to.be.lessThan(10n ** 18n); // the manipulated price made it "unhealthy"
    expect(log.args.price).to.be.lessThan(1_300n * 10n ** 18n); // WETH "worth" < 1,300 inside the transaction
    expect(await w.spot.collateralOf(w.victim.address, w.weth)).to.equal(ETH(10) - log.args.seized);
    // The attacker walks away richer, at the price the AMM returns to.
    expect(await value()).to.be.greaterThan(valueBefore);
  });

  it("against the TWAP oracle the same transaction reverts: the price inside one block does not move the average", async () => {
    const w = await loadFixture(manipulationWorld);
    const health = await w.twap.healthFactor(w.victim.address);
    expect(health).to.be.greaterThan(10n ** 18n);
    await expect(w.attacker.attack(w.oracleAmm, w.twap, w.victim.address, ETH(300), USDC(14_000)))
      .to.be.revertedWithCustomError(w.twap, "NotLiquidatable")
      .withArgs(w.victim.address, health);
    expect(await w.twap.collateralOf(w.victim.address, w.weth)).to.equal(ETH(10));
  });
});
