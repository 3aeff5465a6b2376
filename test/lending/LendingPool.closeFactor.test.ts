import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { deployMarketNoInterest, openPosition, expectConserved, USDC, ETH, FEED, WAD, MARKET } from "./fixtures";

const BPS = 10_000n;
const BONUS_BPS = 500n; // ETH_PARAMS.liquidationBonusBps
/** WETH (18 decimals) priced in USDC (6 decimals) at a WAD price: value = amount x price / 10^30. */
const WETH_UNIT_SCALE = 10n ** 30n;
const FULL_CLOSE_BELOW_TOXIC = (WAD * 80n) / 100n;

/**
 * 10 ETH and 15,000 USDC of debt in a market whose full-close level (0.80) is below where the position turns toxic
 * (health < threshold x (1 + bonus) = 0.80 x 1.05 = 0.84): between the two, only the toxic rule lifts the close factor.
 */
async function toxicBandWorld() {
  const m = await deployMarketNoInterest();
  const [, , borrower, liquidator] = m.signers;
  await m.pool.setMarketConfig({ ...MARKET, fullCloseHealthFactor: FULL_CLOSE_BELOW_TOXIC });
  await openPosition(m, borrower, { weth: ETH(10) }, USDC(15_000));
  await m.usdc.mint(liquidator.address, USDC(1_000_000));
  await m.usdc.connect(liquidator).approve(await m.pool.getAddress(), ethers.MaxUint256);
  return { ...m, borrower, liquidator, wethAddress: await m.weth.getAddress() };
}

/** The toxic-band market with 11 ETH and a debt of 15,000.000001 USDC: half of it is not a whole base unit. */
async function oddDebtWorld() {
  const m = await deployMarketNoInterest();
  const [, , borrower] = m.signers;
  await m.pool.setMarketConfig({ ...MARKET, fullCloseHealthFactor: FULL_CLOSE_BELOW_TOXIC });
  await openPosition(m, borrower, { weth: ETH(11) }, USDC(15_000) + 1n);
  return { ...m, borrower, wethAddress: await m.weth.getAddress() };
}

/** A market with the default full-close level (0.95) and the same position. */
async function defaultWorld() {
  const m = await deployMarketNoInterest();
  const [, , borrower] = m.signers;
  await openPosition(m, borrower, { weth: ETH(10) }, USDC(15_000));
  return { ...m, borrower, wethAddress: await m.weth.getAddress() };
}

describe("LendingPool: the close factor and its two lifts", () => {
  it("lifts the close factor for a toxic position above the full-close level: the whole collateral can go", async () => {
    const w = await loadFixture(toxicBandWorld);
    await w.ethFeed.setAnswer(FEED(1540)); // collateral 15,400 < 15,000 x 1.05: toxic; health 0.8213 > 0.80
    const state = await w.pool.accountState(w.borrower.address);
    expect(state.healthFactor).to.be.greaterThan(FULL_CLOSE_BELOW_TOXIC);
    const priceWad = 1540n * WAD;
    // Every wei of collateral for the debt it covers at the bonus, rounded up (the protocol's side).
    const repayForAll =
      (ETH(10) * priceWad * BPS + WETH_UNIT_SCALE * (BPS + BONUS_BPS) - 1n) / (WETH_UNIT_SCALE * (BPS + BONUS_BPS));
    expect(repayForAll).to.be.greaterThan(USDC(7_500)); // more than the close factor would allow

    const [repaid, seized] = await w.pool
      .connect(w.liquidator)
      .liquidate.staticCall(w.borrower.address, w.wethAddress, USDC(15_000), w.liquidator.address, 0n);
    expect(repaid).to.equal(repayForAll);
    expect(seized).to.equal(ETH(10));
    await w.pool
      .connect(w.liquidator)
      .liquidate(w.borrower.address, w.wethAddress, USDC(15_000), w.liquidator.address, 0n);
    expect(await w.weth.balanceOf(w.liquidator.address)).to.equal(ETH(10));
    expect(await w.pool.collateralOf(w.borrower.address, w.wethAddress)).to.equal(0n);
    await expectConserved(w);
  });

  it("keeps the close factor when the collateral is worth exactly debt x (1 + bonus): not toxic yet", async () => {
    const w = await loadFixture(toxicBandWorld);
    await w.ethFeed.setAnswer(FEED(1575)); // collateral 15,750 = 15,000 x 1.05; health 0.84
    const [repaid, seized] = await w.pool
      .connect(w.liquidator)
      .liquidate.staticCall(w.borrower.address, w.wethAddress, USDC(15_000), w.liquidator.address, 0n);
    expect(repaid).to.equal(USDC(7_500)); // 15,000 x close factor 0.5
    // 7,500 x 1.05 / 1,575 = 5 ETH
    expect(seized).to.equal((USDC(7_500) * (BPS + BONUS_BPS) * WETH_UNIT_SCALE) / (1575n * WAD * BPS));
    expect(seized).to.equal(ETH(5));
  });

  it("keeps the close factor for a position that is neither toxic nor below the full-close level", async () => {
    const w = await loadFixture(toxicBandWorld);
    await w.ethFeed.setAnswer(FEED(1700)); // collateral 17,000 > 15,750; health 0.9067
    expect(await w.pool.previewLiquidation(w.borrower.address, w.wethAddress, USDC(15_000))).to.deep.equal([
      USDC(7_500),
      (USDC(7_500) * (BPS + BONUS_BPS) * WETH_UNIT_SCALE) / (1700n * WAD * BPS),
    ]);
  });

  it("keeps the close factor at exactly the full-close level and lifts it just below", async () => {
    const w = await loadFixture(defaultWorld);
    // 17,812.5 x 0.80 / 15,000 = 0.95 exactly: not below the full-close level (and not toxic: 17,812.5 > 15,750).
    await w.ethFeed.setAnswer(178_125_000_000n);
    expect((await w.pool.accountState(w.borrower.address)).healthFactor).to.equal(MARKET.fullCloseHealthFactor);
    const [atLevel] = await w.pool.previewLiquidation(w.borrower.address, w.wethAddress, USDC(15_000));
    expect(atLevel).to.equal(USDC(7_500));
    await w.ethFeed.setAnswer(178_000_000_000n); // health 0.9493
    const [below] = await w.pool.previewLiquidation(w.borrower.address, w.wethAddress, USDC(15_000));
    expect(below).to.equal(USDC(15_000));
  });

  it("rounds the close factor's share of the debt up (the protocol's side)", async () => {
    const w = await loadFixture(oddDebtWorld);
    await w.ethFeed.setAnswer(FEED(1700)); // health 18,700 x 0.80 / 15,000.000001 = 0.997: liquidatable, not toxic
    const [repaid] = await w.pool.previewLiquidation(w.borrower.address, w.wethAddress, USDC(20_000));
    expect(repaid).to.equal((USDC(15_000) + 1n + 1n) / 2n); // 7,500.000001
  });
});
