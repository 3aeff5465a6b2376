import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import {
  deployMarket,
  openPosition,
  expectConserved,
  USDC,
  ETH,
  FEED,
  WAD,
  MARKET,
  RATES,
  ETH_PARAMS,
  marketConfigInput,
} from "./fixtures";

describe("LendingPool: lenders, borrowers, prices", () => {
  it("supplies and withdraws, with shares and events", async () => {
    const m = await loadFixture(deployMarket);
    const [, lender, other] = m.signers;
    expect(await m.pool.suppliedOf(lender.address)).to.equal(USDC(1_000_000));
    await expect(m.pool.connect(lender).withdraw(USDC(1000), lender.address, other.address))
      .to.emit(m.pool, "Withdraw")
      .withArgs(lender.address, lender.address, other.address, USDC(1000), (s: bigint) => s > 0n);
    expect(await m.usdc.balanceOf(other.address)).to.equal(USDC(1000));
    await m.pool.connect(lender).withdraw(ethers.MaxUint256, lender.address, lender.address);
    expect(await m.pool.supplyShares(lender.address)).to.equal(0n);
    expect(await m.pool.totalSupplyAssets()).to.equal(0n);
    await expectConserved(m);
  });

  it("refuses withdrawals beyond what is owned or what is lent out", async () => {
    const m = await loadFixture(deployMarket);
    const [, lender, borrower] = m.signers;
    await expect(m.pool.connect(lender).withdraw(USDC(1_000_001), lender.address, lender.address))
      .to.be.revertedWithCustomError(m.pool, "InsufficientSupply")
      .withArgs(USDC(1_000_001), USDC(1_000_000));
    await openPosition(m, borrower, { weth: ETH(1000) }, USDC(900_000));
    await expect(m.pool.connect(lender).withdraw(USDC(200_000), lender.address, lender.address))
      .to.be.revertedWithCustomError(m.pool, "InsufficientLiquidity")
      // one second of interest has gone to reserves, which lenders cannot withdraw
      .withArgs(USDC(200_000), (available: bigint) => available <= USDC(100_000) && available > USDC(99_990));
  });

  it("rejects zero amounts and zero addresses", async () => {
    const m = await loadFixture(deployMarket);
    const [, lender] = m.signers;
    await expect(m.pool.connect(lender).supply(0, lender.address)).to.be.revertedWithCustomError(m.pool, "ZeroAmount");
    await expect(m.pool.connect(lender).supply(1, ethers.ZeroAddress)).to.be.revertedWithCustomError(
      m.pool,
      "ZeroAddress",
    );
    await expect(m.pool.connect(lender).withdraw(1, lender.address, ethers.ZeroAddress)).to.be.revertedWithCustomError(
      m.pool,
      "ZeroAddress",
    );
    await expect(
      m.pool.connect(lender).depositCollateral(await m.weth.getAddress(), 0, lender.address),
    ).to.be.revertedWithCustomError(m.pool, "ZeroAmount");
    await expect(m.pool.connect(lender).borrow(0, lender.address, lender.address)).to.be.revertedWithCustomError(
      m.pool,
      "ZeroAmount",
    );
    await expect(m.pool.connect(lender).repay(1, lender.address)).to.be.revertedWithCustomError(m.pool, "ZeroAmount");
  });

  it("borrows within LTV and refuses beyond it", async () => {
    const m = await loadFixture(deployMarket);
    const [, , borrower] = m.signers;
    await openPosition(m, borrower, { weth: ETH(10) }, 0n);
    // 10 ETH x 2,000 x 0.75 = 15,000 USDC
    await expect(m.pool.connect(borrower).borrow(USDC(15_000) + 1n, borrower.address, borrower.address))
      .to.be.revertedWithCustomError(m.pool, "BorrowLimitExceeded")
      .withArgs(USDC(15_000) + 1n, USDC(15_000));
    await expect(m.pool.connect(borrower).borrow(USDC(15_000), borrower.address, borrower.address))
      .to.emit(m.pool, "Borrow")
      .withArgs(borrower.address, borrower.address, borrower.address, USDC(15_000), (s: bigint) => s > 0n);
    expect(await m.pool.debtOf(borrower.address)).to.equal(USDC(15_000));
    // 16,000 / 15,000
    expect(await m.pool.healthFactor(borrower.address)).to.equal((16_000n * WAD) / 15_000n);
    await expectConserved(m);
  });

  it("repays part and all, anyone for anyone", async () => {
    const m = await loadFixture(deployMarket);
    const [, , borrower, friend] = m.signers;
    await openPosition(m, borrower, { weth: ETH(10) }, USDC(10_000));
    await m.usdc.mint(friend.address, USDC(20_000));
    await m.usdc.connect(friend).approve(await m.pool.getAddress(), ethers.MaxUint256);
    await m.pool.connect(friend).repay(USDC(4_000), borrower.address);
    const debt = await m.pool.debtOf(borrower.address);
    expect(debt).to.be.closeTo(USDC(6_000), USDC(1));
    await expect(m.pool.connect(friend).repay(ethers.MaxUint256, borrower.address)).to.emit(m.pool, "Repay");
    expect(await m.pool.borrowShares(borrower.address)).to.equal(0n);
    expect(await m.pool.debtOf(borrower.address)).to.equal(0n);
    await expectConserved(m);
  });

  it("withdraws collateral only while the position stays within LTV", async () => {
    const m = await loadFixture(deployMarket);
    const [, , borrower] = m.signers;
    const weth = await m.weth.getAddress();
    await openPosition(m, borrower, { weth: ETH(10) }, USDC(7_500));
    await expect(m.pool.connect(borrower).withdrawCollateral(weth, ETH(6), borrower.address, borrower.address))
      .to.be.revertedWithCustomError(m.pool, "BorrowLimitExceeded")
      .withArgs((debt: bigint) => debt >= USDC(7_500) && debt < USDC(7_501), USDC(6_000));
    await m.pool.connect(borrower).withdrawCollateral(weth, ETH(4), borrower.address, borrower.address);
    expect(await m.pool.collateralOf(borrower.address, weth)).to.equal(ETH(6));
    await expect(m.pool.connect(borrower).withdrawCollateral(weth, ETH(7), borrower.address, borrower.address))
      .to.be.revertedWithCustomError(m.pool, "InsufficientCollateral")
      .withArgs(weth, ETH(7), ETH(6));
  });

  it("lets an authorised operator act for an account and nobody else", async () => {
    const m = await loadFixture(deployMarket);
    const [, , borrower, operator] = m.signers;
    await openPosition(m, borrower, { weth: ETH(10) }, 0n);
    await expect(m.pool.connect(operator).borrow(USDC(100), borrower.address, operator.address))
      .to.be.revertedWithCustomError(m.pool, "Unauthorized")
      .withArgs(operator.address, borrower.address);
    await expect(m.pool.connect(borrower).setAuthorization(operator.address, true))
      .to.emit(m.pool, "AuthorizationSet")
      .withArgs(borrower.address, operator.address, true);
    await m.pool.connect(operator).borrow(USDC(100), borrower.address, operator.address);
    expect(await m.usdc.balanceOf(operator.address)).to.equal(USDC(100));
    expect(await m.pool.debtOf(borrower.address)).to.equal(USDC(100));
  });

  it("enforces the collateral supply cap and listing", async () => {
    const m = await loadFixture(deployMarket);
    const [admin, , borrower] = m.signers;
    const weth = await m.weth.getAddress();
    await m.pool.connect(admin).setCollateralConfig(weth, {
      feed: await m.ethFeed.getAddress(),
      maxPriceAge: 3600,
      supplyCap: ETH(5),
      ...ETH_PARAMS,
    });
    await m.weth.mint(borrower.address, ETH(6));
    await m.weth.connect(borrower).approve(await m.pool.getAddress(), ETH(6));
    await expect(m.pool.connect(borrower).depositCollateral(weth, ETH(6), borrower.address))
      .to.be.revertedWithCustomError(m.pool, "SupplyCapExceeded")
      .withArgs(weth, ETH(6), ETH(5));
    const usdc = await m.usdc.getAddress();
    await expect(m.pool.connect(borrower).depositCollateral(usdc, 1, borrower.address))
      .to.be.revertedWithCustomError(m.pool, "CollateralNotListed")
      .withArgs(usdc);
  });

  it("refuses borrowing and withdrawing collateral on a stale, zero or negative price", async () => {
    const m = await loadFixture(deployMarket);
    const [, , borrower] = m.signers;
    const weth = await m.weth.getAddress();
    await openPosition(m, borrower, { weth: ETH(10) }, USDC(1000));
    const updatedAt = await m.ethFeed.updatedAt();
    await time.increase(3601);
    await expect(m.pool.connect(borrower).borrow(USDC(1), borrower.address, borrower.address))
      .to.be.revertedWithCustomError(m.pool, "StalePrice")
      .withArgs(weth, updatedAt, 3600);
    await expect(
      m.pool.connect(borrower).withdrawCollateral(weth, 1, borrower.address, borrower.address),
    ).to.be.revertedWithCustomError(m.pool, "StalePrice");
    // Views keep working on a stale price, so keepers and reports can read.
    expect(await m.pool.healthFactor(borrower.address)).to.be.gt(WAD);
    await m.ethFeed.setAnswer(0);
    await expect(m.pool.connect(borrower).borrow(USDC(1), borrower.address, borrower.address))
      .to.be.revertedWithCustomError(m.pool, "InvalidPrice")
      .withArgs(weth, 0);
    await m.ethFeed.setAnswer(-5);
    await expect(m.pool.priceOf(weth)).to.be.revertedWithCustomError(m.pool, "InvalidPrice").withArgs(weth, -5);
    await m.ethFeed.setAnswer(FEED(2000));
    expect(await m.pool.priceOf(weth)).to.equal(2000n * WAD);
  });

  it("pauses borrow and collateral withdrawal by the guardian only", async () => {
    const m = await loadFixture(deployMarket);
    const [admin, , borrower] = m.signers;
    await openPosition(m, borrower, { weth: ETH(10) }, 0n);
    const BORROW = await m.pool.PAUSE_BORROW();
    await expect(m.pool.connect(borrower).setPaused(BORROW, true)).to.be.revertedWithCustomError(
      m.pool,
      "AccessControlUnauthorizedAccount",
    );
    await expect(m.pool.connect(admin).setPaused(BORROW, true)).to.emit(m.pool, "PauseSet").withArgs(BORROW, true);
    await expect(m.pool.connect(borrower).borrow(USDC(1), borrower.address, borrower.address))
      .to.be.revertedWithCustomError(m.pool, "Paused")
      .withArgs(BORROW);
    const WITHDRAW = await m.pool.PAUSE_WITHDRAW_COLLATERAL();
    await m.pool.connect(admin).setPaused(WITHDRAW, true);
    await expect(
      m.pool.connect(borrower).withdrawCollateral(await m.weth.getAddress(), 1, borrower.address, borrower.address),
    )
      .to.be.revertedWithCustomError(m.pool, "Paused")
      .withArgs(WITHDRAW);
  });

  it("keeps each pause switch apart from the others and from the market config stored in the same slot", async () => {
    const m = await loadFixture(deployMarket);
    const [admin] = m.signers;
    const keys = [
      await m.pool.PAUSE_BORROW(),
      await m.pool.PAUSE_WITHDRAW_COLLATERAL(),
      await m.pool.PAUSE_LIQUIDATE(),
    ];
    const config = await m.pool.marketConfig();
    const guard = ethers.Wallet.createRandom().address;
    await m.pool.connect(admin).setLiquidationGuard(guard);
    for (const [i, key] of keys.entries()) {
      await m.pool.connect(admin).setPaused(key, true);
      for (const [j, other] of keys.entries()) expect(await m.pool.paused(other), `${i} on, ${j}`).to.equal(j <= i);
    }
    await m.pool.connect(admin).setPaused(keys[1], false);
    expect(await Promise.all(keys.map((k) => m.pool.paused(k)))).to.deep.equal([true, false, true]);
    expect(await m.pool.liquidationGuard()).to.equal(guard);
    expect(await m.pool.marketConfig()).to.deep.equal(config);
    // re-configuring the market leaves the switches and the guard sharing its slot alone
    await m.pool.connect(admin).setMarketConfig({ ...marketConfigInput(config), reserveFactorBps: 1234 });
    expect((await m.pool.marketConfig()).reserveFactorBps).to.equal(1234n);
    expect(await Promise.all(keys.map((k) => m.pool.paused(k)))).to.deep.equal([true, false, true]);
    expect(await m.pool.liquidationGuard()).to.equal(guard);
    const unknown = ethers.id("SUPPLY");
    await expect(m.pool.connect(admin).setPaused(unknown, true))
      .to.be.revertedWithCustomError(m.pool, "UnknownPauseAction")
      .withArgs(unknown);
    await expect(m.pool.paused(unknown)).to.be.revertedWithCustomError(m.pool, "UnknownPauseAction");
  });
});

describe("LendingPool: parameters", () => {
  it("checks collateral parameters against their bounds", async () => {
    const m = await loadFixture(deployMarket);
    const weth = await m.weth.getAddress();
    const feed = await m.ethFeed.getAddress();
    const base = { feed, maxPriceAge: 3600, supplyCap: 1n, ...ETH_PARAMS };
    const bad = [
      { ...base, ltv: 0n },
      { ...base, ltv: base.liquidationThreshold },
      { ...base, liquidationThreshold: WAD },
      // 0.8 x 1.26 >= 1: a liquidation could not improve health
      { ...base, liquidationBonusBps: 2600 },
    ];
    for (const c of bad) {
      await expect(m.pool.setCollateralConfig(weth, c))
        .to.be.revertedWithCustomError(m.pool, "InvalidCollateralConfig")
        .withArgs(weth, c.ltv, c.liquidationThreshold, c.liquidationBonusBps);
    }
    await expect(m.pool.setCollateralConfig(weth, { ...base, maxPriceAge: 0 }))
      .to.be.revertedWithCustomError(m.pool, "InvalidMaxPriceAge")
      .withArgs(0);
    await expect(m.pool.setCollateralConfig(weth, { ...base, feed: ethers.ZeroAddress })).to.be.revertedWithCustomError(
      m.pool,
      "ZeroAddress",
    );
    await expect(m.pool.listCollateral(weth, base))
      .to.be.revertedWithCustomError(m.pool, "CollateralAlreadyListed")
      .withArgs(weth);
    await expect(m.pool.setCollateralConfig(await m.usdc.getAddress(), base)).to.be.revertedWithCustomError(
      m.pool,
      "CollateralNotListed",
    );
    await expect(m.pool.setCollateralConfig(weth, base)).to.emit(m.pool, "CollateralConfigUpdated");
  });

  it("checks market and rate parameters against their bounds", async () => {
    const m = await loadFixture(deployMarket);
    const bad = [
      { ...MARKET, closeFactor: 0n },
      { ...MARKET, closeFactor: WAD + 1n },
      { ...MARKET, fullCloseHealthFactor: WAD + 1n },
      { ...MARKET, reserveFactorBps: 5001 },
      { ...MARKET, mechanisms: 0 },
      { ...MARKET, mechanisms: 4 },
    ];
    for (const c of bad) {
      await expect(m.pool.setMarketConfig(c))
        .to.be.revertedWithCustomError(m.pool, "InvalidMarketConfig")
        .withArgs(c.closeFactor, c.fullCloseHealthFactor, c.reserveFactorBps, c.mechanisms);
    }
    await expect(m.pool.setMarketConfig(MARKET)).to.emit(m.pool, "MarketConfigUpdated");
    const badRates = [
      { ...RATES, kinkUtilization: 0n },
      { ...RATES, kinkUtilization: WAD },
      { ...RATES, slope2PerYear: 10n * WAD + 1n },
    ];
    for (const r of badRates) {
      await expect(m.pool.setRateModel(r))
        .to.be.revertedWithCustomError(m.pool, "InvalidRateModel")
        .withArgs(r.baseRatePerYear, r.slope1PerYear, r.slope2PerYear, r.kinkUtilization);
    }
    await expect(m.pool.setRateModel(RATES)).to.emit(m.pool, "RateModelUpdated");
  });

  it("gates every setter by role", async () => {
    const m = await loadFixture(deployMarket);
    const [, , stranger] = m.signers;
    const weth = await m.weth.getAddress();
    const c = { feed: await m.ethFeed.getAddress(), maxPriceAge: 3600, supplyCap: 1n, ...ETH_PARAMS };
    const p = m.pool.connect(stranger);
    for (const call of [
      () => p.setCollateralConfig(weth, c),
      () => p.listCollateral(stranger.address, c),
      () => p.setMarketConfig(MARKET),
      () => p.setRateModel(RATES),
      () => p.setAuctionLiquidator(stranger.address),
    ]) {
      await expect(call()).to.be.revertedWithCustomError(m.pool, "AccessControlUnauthorizedAccount");
    }
  });

  it("refuses tokens with more than 18 decimals and more than 8 collaterals", async () => {
    const m = await loadFixture(deployMarket);
    const [admin] = m.signers;
    const big = await ethers.deployContract("MockERC20", ["Big", "BIG", 24]);
    const factory = await ethers.getContractFactory("LendingPool");
    await expect(factory.deploy(await big.getAddress(), admin.address, MARKET, RATES))
      .to.be.revertedWithCustomError(factory, "UnsupportedDecimals")
      .withArgs(await big.getAddress(), 24);
    const feed = await m.ethFeed.getAddress();
    const c = { feed, maxPriceAge: 3600, supplyCap: 1n, ...ETH_PARAMS };
    await expect(m.pool.listCollateral(await big.getAddress(), c))
      .to.be.revertedWithCustomError(m.pool, "UnsupportedDecimals")
      .withArgs(await big.getAddress(), 24);
    for (let i = 0; i < 6; i++) {
      const t = await ethers.deployContract("MockERC20", ["T", "T", 18]);
      await m.pool.listCollateral(await t.getAddress(), c);
    }
    const extra = await ethers.deployContract("MockERC20", ["T", "T", 18]);
    await expect(m.pool.listCollateral(await extra.getAddress(), c))
      .to.be.revertedWithCustomError(m.pool, "TooManyCollaterals")
      .withArgs(8);
  });
});

describe("LendingPool: a stranger cannot withdraw another account's collateral (issue 15)", () => {
  it("reverts Unauthorized without an authorisation, even on a position without debt", async () => {
    const m = await loadFixture(deployMarket);
    const [, , borrower, stranger] = m.signers;
    const weth = await m.weth.getAddress();
    await openPosition(m, borrower, { weth: ETH(10) }, 0n);
    await expect(m.pool.connect(stranger).withdrawCollateral(weth, ETH(1), borrower.address, stranger.address))
      .to.be.revertedWithCustomError(m.pool, "Unauthorized")
      .withArgs(stranger.address, borrower.address);
    expect(await m.pool.collateralOf(borrower.address, weth)).to.equal(ETH(10));
  });
});
