import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { deployPerp, ETH, USD, expectConserved, open, moveMarket, movePool, setMark } from "./fixture";

const WAD = 10n ** 18n;

describe("PerpMarket: bounds, roles and the less-travelled paths", () => {
  const fixture = () => deployPerp();

  it("rejects a zero address and a pool that does not pair base with debt", async () => {
    const f = await loadFixture(fixture);
    const factory = await ethers.getContractFactory("PerpMarket");
    const args = [f.pool, f.debt, f.base, f.feed, f.admin.address, f.params] as const;
    await expect(
      factory.deploy(ethers.ZeroAddress, f.debt, f.base, f.feed, f.admin.address, f.params),
    ).to.be.revertedWithCustomError(factory, "ZeroAddress");
    await expect(
      factory.deploy(args[0], args[1], args[2], ethers.ZeroAddress, args[4], args[5]),
    ).to.be.revertedWithCustomError(factory, "ZeroAddress");
    await expect(
      factory.deploy(args[0], args[1], args[2], args[3], ethers.ZeroAddress, args[5]),
    ).to.be.revertedWithCustomError(factory, "ZeroAddress");
    const other = await ethers.deployContract("MockERC20", ["X", "X", 18]);
    await expect(
      factory.deploy(f.pool, f.debt, other, f.feed, f.admin.address, f.params),
    ).to.be.revertedWithCustomError(factory, "PoolTokensMismatch");
    // Either token order works: a pool with base as token1 as well as token0.
    const swapped = await factory.deploy(f.pool, f.debt, f.base, f.feed, f.admin.address, f.params);
    expect(await swapped.base()).to.equal(await f.base.getAddress());
  });

  it("checks every parameter's bounds on set, both sides", async () => {
    const f = await loadFixture(fixture);
    const cases: [string, bigint][] = [
      ["maxLeverage", 201n],
      ["mmrFractionOfImrWad", 0n],
      ["liquidationFeeBps", 1_001n],
      ["keeperShareBps", 10_001n],
      ["liquidationSpreadMmrMultipleWad", 0n],
      ["liquidationSpreadMmrMultipleWad", 11n * WAD],
      ["backstopEquityFractionWad", WAD + 1n],
      ["sliceBps", 10_001n],
      ["sliceCooldown", 86_401n],
      ["fundingPeriod", 31n * 86_400n],
      ["maxFundingRatePerSecondWad", 10n ** 16n + 1n],
      ["maxOracleAge", 86_401n],
      ["maxOpenPositions", 1_001n],
      ["maxAdlPerLiquidation", 51n],
      ["minPositionNotional", 0n],
      ["minPositionNotional", 100_000n * 10n ** 6n + 1n],
    ];
    for (const [name, value] of cases) {
      await expect(f.market.setParams({ ...f.params, [name]: value }))
        .to.be.revertedWithCustomError(f.market, "InvalidParam")
        .withArgs(name, value);
    }
    await expect(f.market.setParams({ ...f.params, takerFeeBps: 7n })).to.emit(f.market, "ParamsSet");
    expect((await f.market.params()).takerFeeBps).to.equal(7n);
  });

  it("refuses zero amounts and caps open positions", async () => {
    const f = await deployPerp({ maxOpenPositions: 1n });
    await expect(f.market.fundInsurance(0n)).to.be.revertedWithCustomError(f.market, "ZeroAmount");
    await expect(f.market.fundVault(0n, 0n)).to.be.revertedWithCustomError(f.market, "ZeroAmount");
    await expect(f.market.connect(f.alice).openPosition(true, ETH, 1n, 2n ** 255n)).to.be.revertedWithCustomError(
      f.market,
      "InsufficientInitialMargin",
    );
    const id = await open(f, f.alice, true, ETH, 500n * USD);
    await expect(f.market.addMargin(id, 0n)).to.be.revertedWithCustomError(f.market, "ZeroAmount");
    await expect(f.market.connect(f.alice).removeMargin(id, 0n)).to.be.revertedWithCustomError(f.market, "ZeroAmount");
    await expect(f.market.connect(f.alice).removeMargin(id, 10_000n * USD)).to.be.revertedWithCustomError(
      f.market,
      "PositionUnhealthy",
    );
    await expect(f.market.connect(f.bob).openPosition(true, ETH, 500n * USD, 2n ** 255n))
      .to.be.revertedWithCustomError(f.market, "TooManyPositions")
      .withArgs(1n, 1n);
  });

  it("enforces close limits and pays protocol fees only to the admin", async () => {
    const f = await loadFixture(fixture);
    const long = await open(f, f.alice, true, ETH, 500n * USD);
    const short = await open(f, f.bob, false, ETH, 500n * USD);
    await expect(f.market.connect(f.alice).closePosition(long, 10n ** 12n)).to.be.revertedWithCustomError(
      f.market,
      "PriceLimit",
    );
    await expect(f.market.connect(f.bob).closePosition(short, 1n)).to.be.revertedWithCustomError(
      f.market,
      "PriceLimit",
    );
    const fees = await f.market.protocolFees();
    await expect(f.market.connect(f.alice).withdrawProtocolFees(f.alice.address)).to.be.revertedWithCustomError(
      f.market,
      "AccessControlUnauthorizedAccount",
    );
    await expect(f.market.withdrawProtocolFees(f.carol.address))
      .to.emit(f.market, "ProtocolFeesWithdrawn")
      .withArgs(f.carol.address, fees);
    expect(await f.market.protocolFees()).to.equal(0n);
    await expectConserved(f);
  });

  it("reports closed positions as neither liquidatable nor valued", async () => {
    const f = await loadFixture(fixture);
    expect(await f.market.isLiquidatable(7n)).to.equal(false);
    await expect(f.market.equityOf(7n)).to.be.revertedWithCustomError(f.market, "UnknownPosition");
    await expect(f.market.maintenanceMarginOf(7n)).to.be.revertedWithCustomError(f.market, "UnknownPosition");
  });

  it("rejects a non-positive mark", async () => {
    const f = await loadFixture(fixture);
    const mock = await ethers.deployContract("MockAggregator", [8]);
    await mock.setRoundData(0, (await ethers.provider.getBlock("latest"))!.timestamp);
    const market = await ethers.deployContract("PerpMarket", [f.pool, f.debt, f.base, mock, f.admin.address, f.params]);
    await expect(market.markPrice()).to.be.revertedWithCustomError(market, "InvalidMark");
  });

  it("backstops a squeezed short and buys the exposure back; ADL then hits profitable longs", async () => {
    const f = await deployPerp({}, 0n);
    const winner = await open(f, f.carol, true, 2n * ETH, 400n * USD);
    const id = await open(f, f.bob, false, 10n * ETH, 1_500n * USD);
    await moveMarket(f, 2_250n);
    const tx = await f.market.connect(f.keeper).liquidate(id);
    await expect(tx).to.emit(f.market, "AutoDeleveraged");
    expect(await f.market.backstopExposure()).to.be.lt(0n);
    const before = await f.market.backstopExposure();
    await expect(f.market.unwindBackstop(ETH, 0n, 1n)).to.be.revertedWithCustomError(f.market, "PriceLimit");
    await f.market.unwindBackstop(ETH, 0n, 2n ** 255n);
    expect(await f.market.backstopExposure()).to.equal(before + ETH);
    await expect(f.market.unwindBackstop(0n, 0n, 2n ** 255n)).to.be.revertedWithCustomError(
      f.market,
      "NothingToUnwind",
    );
    expect((await f.market.position(winner)).size).to.be.lt(2n * ETH);
    await expectConserved(f);
  });

  it("bounds the funding rate below as well as above (pool far under the mark)", async () => {
    const f = await loadFixture(fixture);
    await movePool(f, 1_000n * USD);
    await ethers.provider.send("evm_increaseTime", [600]);
    await setMark(f, 2_000n * 10n ** 8n);
    await f.market.accrueFunding();
    expect(await f.market.fundingRatePerSecondWad()).to.equal(-f.params.maxFundingRatePerSecondWad);
    // A second accrual in the same block changes nothing.
    await f.market.accrueFunding();
    expect(await f.market.fundingRatePerSecondWad()).to.equal(-f.params.maxFundingRatePerSecondWad);
  });

  it("hands a long whose pool fill misses a tight sale-price bound to the backstop", async () => {
    const f = await deployPerp({ liquidationSpreadMmrMultipleWad: 10n ** 16n });
    const id = await open(f, f.alice, true, 10n * ETH, 1_500n * USD);
    await moveMarket(f, 1_920n);
    await expect(f.market.connect(f.keeper).liquidate(id))
      .to.emit(f.market, "Liquidated")
      .withArgs(id, f.keeper.address, 1n, 10n * ETH, (10n * ETH * 1_920n * USD) / ETH, (x: bigint) => x > 0n, 0n, 0n);
  });

  it("guards the pool legs, one-sided vault funding and the unwind's sale bound", async () => {
    const f = await loadFixture(fixture);
    await expect(f.market.connect(f.alice).openPosition(true, ETH, 0n, 2n ** 255n)).to.be.revertedWithCustomError(
      f.market,
      "ZeroAmount",
    );
    // More base than the pool holds cannot be bought; a dust sale that raises nothing is refused.
    await expect(f.market.connect(f.alice).openPosition(true, 1_000n * ETH, 10n ** 12n, 2n ** 255n))
      .to.be.revertedWithCustomError(f.market, "InsufficientPoolLiquidity")
      .withArgs(1_000n * ETH, 1_000n * ETH);
    // A dust position is refused before it trades (audit A1: below the minimum notional at the mark).
    await expect(f.market.connect(f.alice).openPosition(false, 1n, 1n * USD, 0n))
      .to.be.revertedWithCustomError(f.market, "PositionTooSmall")
      .withArgs(0n, 10n * USD);
    await f.debt.mint(f.admin.address, USD);
    await expect(f.market.fundVault(USD, 0n)).to.emit(f.market, "VaultFunded").withArgs(f.admin.address, USD, 0n);
    await f.base.mint(f.admin.address, ETH);
    await expect(f.market.fundVault(0n, ETH)).to.emit(f.market, "VaultFunded").withArgs(f.admin.address, 0n, ETH);
    // A long taken over leaves base to sell; the unwinder's own floor is enforced.
    const id = await open(f, f.alice, true, 10n * ETH, 1_500n * USD);
    await moveMarket(f, 1_880n);
    await f.market.connect(f.keeper).liquidate(id);
    await expect(f.market.unwindBackstop(ETH, 10n ** 30n, 0n)).to.be.revertedWithCustomError(f.market, "PriceLimit");
    // An unwind of 1 wei raises nothing on the pool and is refused.
    await expect(f.market.unwindBackstop(1n, 0n, 0n)).to.be.revertedWithCustomError(
      f.market,
      "InsufficientPoolLiquidity",
    );
    await expectConserved(f);
  });
});
