/**
 * The contracts the Morpho Blue market needs besides Morpho itself (ours, contracts/external/morpho): the IOracle over
 * a lab feed (scaling, refusals, the feed's latency passing through unchanged) and the fixed-rate IRM, with Morpho's
 * own interest accrual checked to the wei through the adapter.
 */
import { expect } from "chai";
import hre, { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { Morpho__factory } from "../../typechain-types";
import { MorphoBlueAdapter } from "../../scripts/adapters/morpho-blue/adapter";
import { morphoBlueDeployer } from "../../scripts/adapters/morpho-blue/deploy";

async function tokens(loanDecimals: number, collateralDecimals: number) {
  const loan = await ethers.deployContract("MockERC20", ["Loan", "L", loanDecimals]);
  const collateral = await ethers.deployContract("MockERC20", ["Collateral", "C", collateralDecimals]);
  return {
    loan: await loan.getAddress(),
    collateral: await collateral.getAddress(),
    loanToken: loan,
    collateralToken: collateral,
  };
}

async function oracleOver(feedDecimals: number, loanDecimals: number, collateralDecimals: number) {
  const feed = await ethers.deployContract("MockAggregator", [feedDecimals]);
  const t = await tokens(loanDecimals, collateralDecimals);
  const oracle = await ethers.deployContract("MorphoFeedOracle", [await feed.getAddress(), t.loan, t.collateral]);
  const now = async () => (await ethers.provider.getBlock("latest"))!.timestamp;
  return { feed, oracle, now };
}

describe("MorphoFeedOracle", function () {
  it("scales the feed's answer to 1e36 x loan decimals / collateral decimals (exponent >= 0: exact)", async function () {
    const { feed, oracle, now } = await oracleOver(8, 6, 18);
    await feed.setRoundData(2_000n * 10n ** 8n, await now());
    // 36 + 6 - 18 - 8 = 16: 2000e8 x 1e16 = 2e27, and 1e18 collateral x 2e27 / 1e36 = 2000e6 loan units.
    expect(await oracle.price()).to.equal(2n * 10n ** 27n);
    expect(await oracle.SCALE_UP()).to.equal(true);
    expect(await oracle.SCALE_FACTOR()).to.equal(10n ** 16n);
  });

  it("divides, rounding down, when the exponent is negative", async function () {
    const { feed, oracle, now } = await oracleOver(8, 0, 40);
    await feed.setRoundData(123_456_789_012_345n, await now());
    // 36 + 0 - 40 - 8 = -12: floor(123456789012345 / 1e12) = 123
    expect(await oracle.price()).to.equal(123n);
    expect(await oracle.SCALE_UP()).to.equal(false);
  });

  it("refuses decimals whose scale would not fit a uint256, and non-positive answers", async function () {
    const feed = await ethers.deployContract("MockAggregator", [0]);
    const t = await tokens(60, 0);
    const factory = await ethers.getContractFactory("MorphoFeedOracle");
    // 36 + 60 - 0 - 0 = 96 > 77
    await expect(factory.deploy(await feed.getAddress(), t.loan, t.collateral))
      .to.be.revertedWithCustomError(factory, "UnsupportedDecimals")
      .withArgs(60, 0, 0);
    const { feed: f, oracle, now } = await oracleOver(8, 6, 18);
    await f.setRoundData(0, await now());
    await expect(oracle.price()).to.be.revertedWithCustomError(oracle, "InvalidAnswer").withArgs(0);
    await f.setRoundData(-1, await now());
    await expect(oracle.price()).to.be.revertedWithCustomError(oracle, "InvalidAnswer").withArgs(-1);
  });

  it("applies a lagged feed's latency unchanged: a new answer reaches Morpho only once visible", async function () {
    const [admin] = await ethers.getSigners();
    const feed = await ethers.deployContract("LaggedPriceFeed", [8, "C / L", admin.address, admin.address, 60, 0]);
    const t = await tokens(6, 18);
    const oracle = await ethers.deployContract("MorphoFeedOracle", [await feed.getAddress(), t.loan, t.collateral]);
    const now = async () => (await ethers.provider.getBlock("latest"))!.timestamp;
    await feed.submit(2_000n * 10n ** 8n, await now());
    await time.increase(60);
    expect(await oracle.price()).to.equal(2n * 10n ** 27n);
    await feed.submit(1_000n * 10n ** 8n, await now());
    await time.increase(30);
    expect(await oracle.price()).to.equal(2n * 10n ** 27n); // still the old round
    await time.increase(30);
    expect(await oracle.price()).to.equal(10n ** 27n);
  });
});

describe("FixedRateIrm", function () {
  it("returns its rate for any market and refuses one above 1000% a year", async function () {
    const irm = await ethers.deployContract("FixedRateIrm", [10n ** 9n]);
    const params = {
      loanToken: ethers.ZeroAddress,
      collateralToken: ethers.ZeroAddress,
      oracle: ethers.ZeroAddress,
      irm: ethers.ZeroAddress,
      lltv: 0n,
    };
    const market = {
      totalSupplyAssets: 1n,
      totalSupplyShares: 1n,
      totalBorrowAssets: 1n,
      totalBorrowShares: 1n,
      lastUpdate: 1n,
      fee: 0n,
    };
    expect(await irm.borrowRateView(params, market)).to.equal(10n ** 9n);
    expect(await irm.borrowRate.staticCall(params, market)).to.equal(10n ** 9n);
    const max = await irm.MAX_RATE_PER_SECOND();
    expect(max).to.equal(10n ** 19n / (365n * 86_400n)); // 317097919837
    const factory = await ethers.getContractFactory("FixedRateIrm");
    await expect(factory.deploy(max + 1n))
      .to.be.revertedWithCustomError(factory, "RateTooHigh")
      .withArgs(max + 1n, max);
    await expect(factory.deploy(max)).not.to.be.reverted;
  });

  /**
   * Morpho compounds the rate r over n seconds as wTaylorCompounded(r, n) = rn + (rn)^2/2 + (rn)^3/6, each term
   * rounded down, and adds wMulDown(totalBorrowAssets, that) to borrow and supply. With r = 1e9 and 1,500e6 borrowed:
   *   n = 1000: 1e12 + 5e5 + 0 = 1000000500000; interest = floor(1500e6 x 1000000500000 / 1e18) = 1500
   *   n = 2000: 2e12 + 2e6 + 1 = 2000002000001; interest = floor(1500e6 x 2000002000001 / 1e18) = 3000
   * and the borrower's debt is toAssetsUp(1500e12, 1500e6 + interest, 1500e12) = 1500e6 + interest.
   */
  it("accrues interest as Morpho does: the adapter's projection and Morpho's books agree to the wei", async function () {
    const w = await loadFixture(async function interestWorld() {
      const [admin, lender, borrower] = await ethers.getSigners();
      const t = await tokens(6, 18);
      const feed = await ethers.deployContract("LaggedPriceFeed", [8, "C / L", admin.address, admin.address, 0, 0]);
      await feed.submit(2_000n * 10n ** 8n, (await ethers.provider.getBlock("latest"))!.timestamp);
      const adapter = (await morphoBlueDeployer({ borrowRatePerSecondWad: 10n ** 9n })(hre, {
        market: "main",
        admin,
        debtToken: t.loan,
        collateralToken: t.collateral,
        collateralFeed: await feed.getAddress(),
        ltvWad: 75n * 10n ** 16n,
        liquidationThresholdWad: 8n * 10n ** 17n,
        liquidationBonusBps: 500,
      })) as MorphoBlueAdapter;
      await t.loanToken.mint(lender.address, 10_000n * 10n ** 6n);
      await adapter.supply(lender, 10_000n * 10n ** 6n);
      await t.collateralToken.mint(borrower.address, 10n ** 18n);
      await adapter.openPosition(borrower, t.collateral, 10n ** 18n, 1_500n * 10n ** 6n);
      return { adapter, borrower };
    });
    const morpho = Morpho__factory.connect(w.adapter.deployment.morpho, ethers.provider);
    const start = (await morpho.market(w.adapter.id)).lastUpdate;
    await time.increaseTo(start + 1000n);
    expect((await w.adapter.position(w.borrower.address)).debt).to.equal(1_500_001_500n);
    await time.setNextBlockTimestamp(start + 2000n);
    await (await morpho.connect(w.borrower).accrueInterest(w.adapter.deployment.params)).wait();
    const m = await morpho.market(w.adapter.id);
    expect(m.totalBorrowAssets).to.equal(1_500_003_000n);
    expect(m.totalSupplyAssets).to.equal(10_000_003_000n);
    expect((await w.adapter.position(w.borrower.address)).debt).to.equal(1_500_003_000n);
    expect((await w.adapter.parameters())["interest rate model"]).to.match(/^FixedRateIrm 0x/);
  });
});
