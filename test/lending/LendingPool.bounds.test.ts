import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import {
  deployMarketNoInterest,
  openPosition,
  expectConserved,
  marketConfigInput,
  MARKET,
  ETH_PARAMS,
  USDC,
  ETH,
  BTC,
  FEED,
  WAD,
} from "./fixtures";
import { divUp } from "../helpers/lendingMath";

/** 10^(18 + 18 - 6) and 10^(8 + 18 - 6): collateral amount x WAD price / UNIT = USDC base units. */
const WETH_UNIT = 10n ** 30n;
const WBTC_UNIT = 10n ** 20n;
const BPS = 10_000n;
const ETH_BONUS = 10_500n;
const BTC_BONUS = 10_750n;
/** A feed answer (8 decimals) as the market's WAD price. */
const wadPrice = (answer: bigint) => answer * 10n ** 10n;

/** The no-interest market with a funded, approved liquidator and an account wired as the auction liquidator. */
async function boundsWorld() {
  const m = await deployMarketNoInterest();
  const [, , borrower, , , liquidator, door] = m.signers;
  await m.usdc.mint(liquidator.address, USDC(1_000_000));
  await m.usdc.connect(liquidator).approve(await m.pool.getAddress(), ethers.MaxUint256);
  await m.pool.setAuctionLiquidator(door.address);
  return {
    ...m,
    borrower,
    liquidator,
    door,
    wethAddress: await m.weth.getAddress(),
    wbtcAddress: await m.wbtc.getAddress(),
  };
}
type World = Awaited<ReturnType<typeof boundsWorld>>;

const liquidate = (w: World, asset: string, requested: bigint, minOut = 0n) =>
  w.pool.connect(w.liquidator).liquidate(w.borrower.address, asset, requested, w.liquidator.address, minOut);

describe("LendingPool: caps and limits hold at their exact bounds", () => {
  it("a deposit up to the supply cap exactly is accepted; one unit over reverts SupplyCapExceeded", async () => {
    const w = await loadFixture(boundsWorld);
    const cap = BTC(100_000);
    await openPosition(w, w.borrower, { wbtc: cap - 1n }, 0n);
    await w.wbtc.mint(w.borrower.address, 2n);
    await w.wbtc.connect(w.borrower).approve(await w.pool.getAddress(), 2n);
    await expect(w.pool.connect(w.borrower).depositCollateral(w.wbtcAddress, 2n, w.borrower.address))
      .to.be.revertedWithCustomError(w.pool, "SupplyCapExceeded")
      .withArgs(w.wbtcAddress, cap + 1n, cap);
    await w.pool.connect(w.borrower).depositCollateral(w.wbtcAddress, 1n, w.borrower.address);
    expect(await w.pool.totalCollateral(w.wbtcAddress)).to.equal(cap);
  });

  it("withdrawing exactly the deposit is accepted; one unit more reverts InsufficientCollateral", async () => {
    const w = await loadFixture(boundsWorld);
    await openPosition(w, w.borrower, { weth: ETH(3) }, 0n);
    const pool = w.pool.connect(w.borrower);
    await expect(pool.withdrawCollateral(w.wethAddress, ETH(3) + 1n, w.borrower.address, w.borrower.address))
      .to.be.revertedWithCustomError(w.pool, "InsufficientCollateral")
      .withArgs(w.wethAddress, ETH(3) + 1n, ETH(3));
    await pool.withdrawCollateral(w.wethAddress, ETH(3), w.borrower.address, w.borrower.address);
    expect(await w.pool.collateralOf(w.borrower.address, w.wethAddress)).to.equal(0n);
    expect(await w.weth.balanceOf(w.borrower.address)).to.equal(ETH(3));
  });

  it("borrowing exactly the available liquidity is accepted; one unit more reverts InsufficientLiquidity", async () => {
    const w = await loadFixture(boundsWorld);
    await openPosition(w, w.borrower, { weth: ETH(1_000) }, 0n);
    const available = USDC(1_000_000);
    const pool = w.pool.connect(w.borrower);
    await expect(pool.borrow(available + 1n, w.borrower.address, w.borrower.address))
      .to.be.revertedWithCustomError(w.pool, "InsufficientLiquidity")
      .withArgs(available + 1n, available);
    await pool.borrow(available, w.borrower.address, w.borrower.address);
    expect(await w.usdc.balanceOf(await w.pool.getAddress())).to.equal(0n);
    await expectConserved(w);
  });

  it("a price exactly maxPriceAge old is fresh; one second older is stale", async () => {
    const w = await loadFixture(boundsWorld);
    await openPosition(w, w.borrower, { weth: ETH(10) }, 0n);
    const pool = w.pool.connect(w.borrower);
    let t = BigInt(await time.latest()) + 10n;
    await w.ethFeed.setUpdatedAt(t - 3600n);
    await time.setNextBlockTimestamp(t);
    await pool.borrow(USDC(100), w.borrower.address, w.borrower.address);
    t += 10n;
    await w.ethFeed.setUpdatedAt(t - 3601n);
    await time.setNextBlockTimestamp(t);
    await expect(pool.borrow(USDC(100), w.borrower.address, w.borrower.address))
      .to.be.revertedWithCustomError(w.pool, "StalePrice")
      .withArgs(w.wethAddress, t - 3601n, 3600);
  });

  it("a stale crumb worth exactly the dust blocks actions (StalePrice); one unit less counts as zero", async () => {
    const w = await loadFixture(boundsWorld);
    const [, , , other] = w.signers;
    // At 25,000 one satoshi is worth 250 units: 40,000 sat = 10 USDC = the dust.
    await w.btcFeed.setAnswer(FEED(25_000));
    await openPosition(w, w.borrower, { weth: ETH(10), wbtc: 40_000n }, 0n);
    await openPosition(w, other, { weth: ETH(10), wbtc: 39_999n }, 0n);
    expect(await w.pool.getFunction("valueOf")(w.wbtcAddress, 40_000n)).to.equal(MARKET.dust);
    const updatedAt = BigInt(await time.latest()) - 3601n;
    await w.btcFeed.setUpdatedAt(updatedAt);
    await expect(w.pool.connect(w.borrower).borrow(USDC(100), w.borrower.address, w.borrower.address))
      .to.be.revertedWithCustomError(w.pool, "StalePrice")
      .withArgs(w.wbtcAddress, updatedAt, 3600);
    await w.pool.connect(other).borrow(USDC(100), other.address, other.address);
    expect(await w.pool.debtOf(other.address)).to.equal(USDC(100));
  });
});

describe("LendingPool: liquidation at the exact edges", () => {
  /** 10 ETH against 15,000: at 1,875 the liquidation limit is 15,000 exactly, health exactly 1.0. */
  async function healthOne() {
    const w = await boundsWorld();
    await openPosition(w, w.borrower, { weth: ETH(10) }, USDC(15_000));
    await w.ethFeed.setAnswer(FEED(1_875));
    return w;
  }

  it("health exactly 1.0 is not liquidatable: liquidate and kick revert NotLiquidatable(borrower, 1e18), preview is (0, 0)", async () => {
    const w = await loadFixture(healthOne);
    expect(await w.pool.healthFactor(w.borrower.address)).to.equal(WAD);
    await expect(liquidate(w, w.wethAddress, USDC(1_000)))
      .to.be.revertedWithCustomError(w.pool, "NotLiquidatable")
      .withArgs(w.borrower.address, WAD);
    await expect(w.pool.connect(w.door).seizeForAuction(w.borrower.address, w.wethAddress, USDC(1_000)))
      .to.be.revertedWithCustomError(w.pool, "NotLiquidatable")
      .withArgs(w.borrower.address, WAD);
    expect(await w.pool.previewLiquidation(w.borrower.address, w.wethAddress, USDC(1_000))).to.deep.equal([0n, 0n]);
    // One unit of price lower, all three open.
    await w.ethFeed.setAnswer(FEED(1_875) - 1n);
    const [repaid, seized] = await w.pool.previewLiquidation(w.borrower.address, w.wethAddress, USDC(1_000));
    expect(repaid).to.equal(USDC(1_000));
    expect(seized).to.be.greaterThan(0n);
    await expect(liquidate(w, w.wethAddress, USDC(1_000))).to.emit(w.pool, "Liquidation");
  });

  it("minCollateralOut equal to what is seized is accepted; one unit more reverts CollateralOutTooLow", async () => {
    const w = await loadFixture(healthOne);
    await w.ethFeed.setAnswer(FEED(1_700));
    const [, seized] = await w.pool.previewLiquidation(w.borrower.address, w.wethAddress, USDC(1_000));
    expect(seized).to.equal((USDC(1_000) * ETH_BONUS * WETH_UNIT) / (wadPrice(FEED(1_700)) * BPS));
    await expect(liquidate(w, w.wethAddress, USDC(1_000), seized + 1n))
      .to.be.revertedWithCustomError(w.pool, "CollateralOutTooLow")
      .withArgs(seized, seized + 1n);
    await expect(liquidate(w, w.wethAddress, USDC(1_000), seized))
      .to.emit(w.pool, "Liquidation")
      .withArgs(
        w.liquidator.address,
        w.borrower.address,
        w.wethAddress,
        w.liquidator.address,
        USDC(1_000),
        seized,
        wadPrice(FEED(1_700)),
        (v: bigint) => v < WAD,
        (v: bigint) => v < WAD,
      );
  });

  it("a repayment that would seize zero collateral reverts NothingToLiquidate (one micro-USDC against WBTC)", async () => {
    const w = await loadFixture(boundsWorld);
    await openPosition(w, w.borrower, { wbtc: BTC(1) }, USDC(20_000));
    await w.btcFeed.setAnswer(FEED(25_000)); // health 18,750 / 20,000
    // 1 unit x 1.075 x 10^20 / 25,000e18 = 0.0043 satoshi: rounds to zero.
    expect((1n * BTC_BONUS * WBTC_UNIT) / (wadPrice(FEED(25_000)) * BPS)).to.equal(0n);
    await expect(liquidate(w, w.wbtcAddress, 1n))
      .to.be.revertedWithCustomError(w.pool, "NothingToLiquidate")
      .withArgs(w.borrower.address, w.wbtcAddress);
    expect(await w.pool.debtOf(w.borrower.address)).to.equal(USDC(20_000));
  });

  it("previewing a zero repayment is (0, 0), even against a crumb that any repayment would take whole", async () => {
    const w = await loadFixture(boundsWorld);
    await w.btcFeed.setAnswer(FEED(25_000)); // 39,999 sat = 9.99975 USDC, below the dust
    await openPosition(w, w.borrower, { weth: ETH(10), wbtc: 39_999n }, USDC(15_000));
    await w.ethFeed.setAnswer(FEED(1_700));
    expect(await w.pool.previewLiquidation(w.borrower.address, w.wbtcAddress, 0n)).to.deep.equal([0n, 0n]);
    const forAll = divUp(39_999n * wadPrice(FEED(25_000)) * BPS, WBTC_UNIT * BTC_BONUS);
    expect(await w.pool.previewLiquidation(w.borrower.address, w.wbtcAddress, 1n)).to.deep.equal([forAll, 39_999n]);
    await expect(liquidate(w, w.wbtcAddress, 0n)).to.be.revertedWithCustomError(w.pool, "ZeroAmount");
  });

  it("a repayment leaving exactly the dust of debt is honoured as asked (below the dust it closes the debt)", async () => {
    const w = await loadFixture(boundsWorld);
    await openPosition(w, w.borrower, { weth: ETH(20) }, USDC(15_000));
    await w.ethFeed.setAnswer(FEED(850)); // health 13,600 / 15,000 = 0.907: full close allowed
    const requested = USDC(15_000) - MARKET.dust;
    await expect(liquidate(w, w.wethAddress, requested))
      .to.emit(w.pool, "Liquidation")
      .withArgs(
        w.liquidator.address,
        w.borrower.address,
        w.wethAddress,
        w.liquidator.address,
        requested,
        (requested * ETH_BONUS * WETH_UNIT) / (wadPrice(FEED(850)) * BPS),
        wadPrice(FEED(850)),
        (v: bigint) => v < WAD,
        (v: bigint) => v > WAD,
      );
    expect(await w.pool.debtOf(w.borrower.address)).to.equal(MARKET.dust);
  });

  it("collateral left worth exactly the dust stays with the borrower (below the dust the whole balance goes)", async () => {
    const w = await loadFixture(boundsWorld);
    await openPosition(w, w.borrower, { weth: ETH(10) }, USDC(15_000));
    const price = wadPrice(FEED(1_000));
    await w.ethFeed.setAnswer(FEED(1_000));
    const requested = 9_514_285_714n;
    const seized = (requested * ETH_BONUS * WETH_UNIT) / (price * BPS);
    expect(((ETH(10) - seized) * price) / WETH_UNIT).to.equal(MARKET.dust);
    await expect(liquidate(w, w.wethAddress, requested))
      .to.emit(w.pool, "Liquidation")
      .withArgs(
        w.liquidator.address,
        w.borrower.address,
        w.wethAddress,
        w.liquidator.address,
        requested,
        seized,
        price,
        (v: bigint) => v < WAD,
        (v: bigint) => v < WAD,
      );
    expect(await w.pool.collateralOf(w.borrower.address, w.wethAddress)).to.equal(ETH(10) - seized);
    expect(await w.pool.debtOf(w.borrower.address)).to.equal(USDC(15_000) - requested);
  });

  it("when the whole balance is worth exactly the debt plus bonus, it all goes for the whole debt, no bad debt", async () => {
    const w = await loadFixture(boundsWorld);
    const price = wadPrice(FEED(1_000));
    // The repayment that buys all 10 ETH at 1,000 with a 5% bonus, rounded up: borrow exactly that.
    const debt = divUp(ETH(10) * price * BPS, WETH_UNIT * ETH_BONUS);
    expect(debt).to.equal(9_523_809_524n);
    expect((debt * ETH_BONUS * WETH_UNIT) / (price * BPS)).to.be.greaterThan(ETH(10)); // the debt buys more than all
    await openPosition(w, w.borrower, { weth: ETH(10) }, debt);
    await w.ethFeed.setAnswer(FEED(1_000));
    await expect(liquidate(w, w.wethAddress, USDC(20_000)))
      .to.emit(w.pool, "Liquidation")
      .withArgs(
        w.liquidator.address,
        w.borrower.address,
        w.wethAddress,
        w.liquidator.address,
        debt,
        ETH(10),
        price,
        (v: bigint) => v < WAD,
        ethers.MaxUint256,
      )
      .and.not.to.emit(w.pool, "BadDebtRealized");
    expect(await w.pool.borrowShares(w.borrower.address)).to.equal(0n);
    expect(await w.pool.collateralOf(w.borrower.address, w.wethAddress)).to.equal(0n);
    await expectConserved(w);
  });

  it("with zero dust, a request that seizes exactly the balance is charged only the balance's price (rounded up)", async () => {
    const w = await loadFixture(boundsWorld);
    await w.pool.setMarketConfig({ ...MARKET, dust: 0n });
    await openPosition(w, w.borrower, { wbtc: BTC(1) }, USDC(21_000));
    const price = wadPrice(FEED(20_000));
    await w.btcFeed.setAnswer(FEED(20_000)); // health 15,000 / 21,000
    const requested = 18_604_651_300n;
    expect((requested * BTC_BONUS * WBTC_UNIT) / (price * BPS)).to.equal(BTC(1)); // exactly the balance
    const forAll = divUp(BTC(1) * price * BPS, WBTC_UNIT * BTC_BONUS);
    expect(forAll).to.equal(18_604_651_163n);
    await expect(liquidate(w, w.wbtcAddress, requested))
      .to.emit(w.pool, "Liquidation")
      .withArgs(
        w.liquidator.address,
        w.borrower.address,
        w.wbtcAddress,
        w.liquidator.address,
        forAll,
        BTC(1),
        price,
        (v: bigint) => v < WAD,
        ethers.MaxUint256,
      )
      .and.to.emit(w.pool, "BadDebtRealized")
      .withArgs(w.borrower.address, USDC(21_000) - forAll, 0n, USDC(21_000) - forAll);
  });

  it("when what is left would be below the dust, the whole debt is repaid for collateral rounded down", async () => {
    const w = await loadFixture(boundsWorld);
    const answer = FEED(1_000) - 1n; // 999.99999999: odd, so the division does not come out even
    const price = wadPrice(answer);
    const debt = USDC(9_520);
    await openPosition(w, w.borrower, { weth: ETH(10) }, debt);
    await w.ethFeed.setAnswer(answer); // health ~0.84; 9,520 x 1.05 = 9,996 of ~10,000: ~4 USDC would be left
    const seized = (debt * ETH_BONUS * WETH_UNIT) / (price * BPS);
    expect(divUp(debt * ETH_BONUS * WETH_UNIT, price * BPS)).to.equal(seized + 1n);
    expect(((ETH(10) - seized) * price) / WETH_UNIT).to.be.lessThan(MARKET.dust);
    await expect(liquidate(w, w.wethAddress, debt - USDC(1)))
      .to.emit(w.pool, "Liquidation")
      .withArgs(
        w.liquidator.address,
        w.borrower.address,
        w.wethAddress,
        w.liquidator.address,
        debt,
        seized,
        price,
        (v: bigint) => v < WAD,
        ethers.MaxUint256,
      );
    expect(await w.pool.collateralOf(w.borrower.address, w.wethAddress)).to.equal(ETH(10) - seized);
    expect(await w.pool.debtOf(w.borrower.address)).to.equal(0n);
  });
});

describe("LendingPool: configuration bounds are inclusive where documented", () => {
  it("a ramp of exactly MAX_THRESHOLD_RAMP is accepted; one second more reverts InvalidRampDuration", async () => {
    const w = await loadFixture(boundsWorld);
    const max = await w.pool.MAX_THRESHOLD_RAMP();
    const config = {
      feed: await w.ethFeed.getAddress(),
      maxPriceAge: 3600,
      supplyCap: ETH(1_000_000),
      ...ETH_PARAMS,
      ltv: (WAD * 60n) / 100n,
      liquidationThreshold: (WAD * 70n) / 100n,
    };
    await expect(w.pool.setCollateralConfigWithRamp(w.wethAddress, config, max + 1n))
      .to.be.revertedWithCustomError(w.pool, "InvalidRampDuration")
      .withArgs(max + 1n, max);
    const tx = await w.pool.setCollateralConfigWithRamp(w.wethAddress, config, max);
    await expect(tx)
      .to.emit(w.pool, "ThresholdRampStarted")
      .withArgs(
        w.wethAddress,
        ETH_PARAMS.liquidationThreshold,
        config.liquidationThreshold,
        BigInt(await time.latest()) + max,
      );
  });

  it("threshold x (1 + bonus) exactly 1 is refused (InvalidCollateralConfig); one bonus point less is accepted", async () => {
    const w = await loadFixture(boundsWorld);
    const config = { feed: await w.ethFeed.getAddress(), maxPriceAge: 3600, supplyCap: ETH(1_000_000), ...ETH_PARAMS };
    // 0.80 x 1.25 = 1
    await expect(w.pool.setCollateralConfig(w.wethAddress, { ...config, liquidationBonusBps: 2_500 }))
      .to.be.revertedWithCustomError(w.pool, "InvalidCollateralConfig")
      .withArgs(w.wethAddress, config.ltv, config.liquidationThreshold, 2_500);
    await w.pool.setCollateralConfig(w.wethAddress, { ...config, liquidationBonusBps: 2_499 });
    expect((await w.pool.collateralConfig(w.wethAddress)).liquidationBonusBps).to.equal(2_499n);
  });

  it("a close factor, full-close health factor of exactly 1 and the maximum reserve factor are accepted; above, refused", async () => {
    const w = await loadFixture(boundsWorld);
    const maxReserve = await w.pool.MAX_RESERVE_FACTOR_BPS();
    const edge = { ...MARKET, closeFactor: WAD, fullCloseHealthFactor: WAD, reserveFactorBps: maxReserve };
    await w.pool.setMarketConfig(edge);
    expect(marketConfigInput(await w.pool.marketConfig())).to.deep.equal({
      ...edge,
      reserveFactorBps: maxReserve,
      mechanisms: BigInt(MARKET.mechanisms),
    });
    for (const over of [
      { ...edge, closeFactor: WAD + 1n },
      { ...edge, fullCloseHealthFactor: WAD + 1n },
      { ...edge, reserveFactorBps: maxReserve + 1n },
    ]) {
      await expect(w.pool.setMarketConfig(over))
        .to.be.revertedWithCustomError(w.pool, "InvalidMarketConfig")
        .withArgs(over.closeFactor, over.fullCloseHealthFactor, over.reserveFactorBps, over.mechanisms);
    }
  });
});
