import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, mine, takeSnapshot, time } from "@nomicfoundation/hardhat-network-helpers";
import type { SnapshotRestorer } from "@nomicfoundation/hardhat-network-helpers";
import { anyValue } from "@nomicfoundation/hardhat-chai-matchers/withArgs";

const Q112 = 2n ** 112n;
const WINDOW = 1800n;
const BLOCK_TIME = 12n;
const DECIMALS = 8n;
const WETH = 10n ** 18n;
const USDC = 10n ** 6n;
// 1,000 WETH against 3,000,000 USDC: 3,000 USDC per WETH.
const RESERVE_WETH = 1_000n * WETH;
const RESERVE_USDC = 3_000_000n * USDC;

/** Uniswap V2's UQ112x112 price of token0 in token1 units, as the pool accumulates it. */
const priceX112 = (reserveIn: bigint, reserveOut: bigint) => (reserveOut * Q112) / reserveIn;

/** The feed's scaling: whole quote per whole base, at `decimals`, rounded down. */
const scale = (pX112: bigint, baseDecimals: bigint, quoteDecimals: bigint, decimals = DECIMALS) =>
  (pX112 * 10n ** (baseDecimals + decimals)) / (10n ** quoteDecimals * Q112);

async function mineAt(timestamp: bigint) {
  await time.setNextBlockTimestamp(timestamp);
  await mine();
}

async function deployFixture() {
  const weth = await ethers.deployContract("MockERC20", ["Wrapped Ether", "WETH", 18]);
  const usdc = await ethers.deployContract("MockERC20", ["USD Coin", "USDC", 6]);
  // token0 = WETH, token1 = USDC, so the WETH price is price0.
  const pool = await ethers.deployContract("MockCumulativePool", [await weth.getAddress(), await usdc.getAddress()]);
  await pool.setReserves(RESERVE_WETH, RESERVE_USDC);
  const feed = await ethers.deployContract("AmmTwapFeed", [
    await pool.getAddress(),
    await weth.getAddress(),
    WINDOW,
    DECIMALS,
    "WETH / USDC TWAP 30m",
  ]);
  const inverseFeed = await ethers.deployContract("AmmTwapFeed", [
    await pool.getAddress(),
    await usdc.getAddress(),
    WINDOW,
    18,
    "USDC / WETH TWAP 30m",
  ]);
  return { weth, usdc, pool, feed, inverseFeed };
}

describe("AmmTwapFeed", () => {
  describe("deployment", () => {
    it("reports its parameters", async () => {
      const { feed, pool, weth, usdc } = await loadFixture(deployFixture);
      expect(await feed.pool()).to.equal(await pool.getAddress());
      expect(await feed.baseToken()).to.equal(await weth.getAddress());
      expect(await feed.quoteToken()).to.equal(await usdc.getAddress());
      expect(await feed.windowSeconds()).to.equal(WINDOW);
      expect(await feed.minUpdateInterval()).to.equal(WINDOW / 4n);
      expect(await feed.decimals()).to.equal(DECIMALS);
      expect(await feed.description()).to.equal("WETH / USDC TWAP 30m");
      expect(await feed.version()).to.equal(1n);
    });

    it("rejects bad constructor arguments", async () => {
      const { pool, weth } = await loadFixture(deployFixture);
      const factory = await ethers.getContractFactory("AmmTwapFeed");
      const poolAddress = await pool.getAddress();
      const wethAddress = await weth.getAddress();
      await expect(factory.deploy(ethers.ZeroAddress, wethAddress, WINDOW, 8, "x")).to.be.revertedWithCustomError(
        factory,
        "ZeroAddress",
      );
      await expect(factory.deploy(poolAddress, ethers.ZeroAddress, WINDOW, 8, "x")).to.be.revertedWithCustomError(
        factory,
        "ZeroAddress",
      );
      const stranger = ethers.Wallet.createRandom().address;
      await expect(factory.deploy(poolAddress, stranger, WINDOW, 8, "x"))
        .to.be.revertedWithCustomError(factory, "BaseTokenNotInPool")
        .withArgs(stranger, await pool.token0(), await pool.token1());
      await expect(factory.deploy(poolAddress, wethAddress, 59, 8, "x"))
        .to.be.revertedWithCustomError(factory, "WindowOutOfBounds")
        .withArgs(59, 60, 7 * 86_400);
      await expect(factory.deploy(poolAddress, wethAddress, 7 * 86_400 + 1, 8, "x"))
        .to.be.revertedWithCustomError(factory, "WindowOutOfBounds")
        .withArgs(7 * 86_400 + 1, 60, 7 * 86_400);
      await expect(factory.deploy(poolAddress, wethAddress, WINDOW, 37, "x"))
        .to.be.revertedWithCustomError(factory, "DecimalsOutOfBounds")
        .withArgs(37, 36);
      const odd = await ethers.deployContract("MockERC20", ["Odd", "ODD", 37]);
      const oddPool = await ethers.deployContract("MockCumulativePool", [await odd.getAddress(), wethAddress]);
      await expect(factory.deploy(await oddPool.getAddress(), wethAddress, WINDOW, 8, "x"))
        .to.be.revertedWithCustomError(factory, "DecimalsOutOfBounds")
        .withArgs(37, 36);
    });
  });

  describe("history", () => {
    it("reverts with InsufficientHistory until an observation is a window old", async () => {
      const { feed } = await loadFixture(deployFixture);
      await expect(feed.latestRoundData())
        .to.be.revertedWithCustomError(feed, "InsufficientHistory")
        .withArgs(0, WINDOW);
      const t0 = BigInt(await time.latest()) + 10n;
      await time.setNextBlockTimestamp(t0);
      await expect(feed.update()).to.emit(feed, "ObservationRecorded");
      await mineAt(t0 + WINDOW - 1n);
      await expect(feed.latestRoundData())
        .to.be.revertedWithCustomError(feed, "InsufficientHistory")
        .withArgs(WINDOW - 1n, WINDOW);
      await mineAt(t0 + WINDOW);
      const [roundId, answer, startedAt, updatedAt, answeredInRound] = await feed.latestRoundData();
      // roundId = the block's timestamp; the window started at t0 and is exactly as long as configured: age 0.
      expect(roundId).to.equal(t0 + WINDOW);
      expect(answeredInRound).to.equal(t0 + WINDOW);
      expect(startedAt).to.equal(t0);
      expect(updatedAt).to.equal(t0 + WINDOW);
      expect(answer).to.equal(scale(priceX112(RESERVE_WETH, RESERVE_USDC), 18n, 6n));
    });

    it("records at most one observation per window / 4", async () => {
      const { feed } = await loadFixture(deployFixture);
      const t0 = BigInt(await time.latest()) + 10n;
      await time.setNextBlockTimestamp(t0);
      await feed.update();
      await time.setNextBlockTimestamp(t0 + WINDOW / 4n - 1n);
      await expect(feed.update()).to.not.emit(feed, "ObservationRecorded");
      expect(await feed.observationCount()).to.equal(1n);
      await time.setNextBlockTimestamp(t0 + WINDOW / 4n);
      await expect(feed.update())
        .to.emit(feed, "ObservationRecorded")
        .withArgs(2, t0 + WINDOW / 4n, anyValue);
      expect(await feed.observationCount()).to.equal(2n);
    });

    it("measures from the newest observation at least a window old, across the ring's wrap", async () => {
      const { feed } = await loadFixture(deployFixture);
      const t0 = BigInt(await time.latest()) + 10n;
      const step = WINDOW / 4n;
      for (let i = 0n; i < 12n; i++) {
        await time.setNextBlockTimestamp(t0 + i * step);
        await feed.update();
      }
      const now = t0 + 11n * step + 100n;
      await mineAt(now);
      // Observations at t0 + i*step; newest with now - t >= WINDOW (= 4 step) is i = 7.
      expect(await feed.twapWindowStart()).to.equal(t0 + 7n * step);
      expect(await feed.observationCount()).to.equal(12n);
      const round = await feed.latestRoundData();
      expect(round.roundId).to.equal(now);
      // The real window is 100 s longer than configured (it started at 7 step = now - 4 step - 100): age 100 s.
      expect(round.startedAt).to.equal(t0 + 7n * step);
      expect(now - round.updatedAt).to.equal(100n);
    });
  });

  describe("round semantics (issue 15, F4 and conformance)", () => {
    it("F4: two days without update() and a 50% crash: the age tells the real window, a staleness check refuses", async () => {
      const { feed, pool } = await loadFixture(deployFixture);
      const t0 = BigInt(await time.latest()) + 10n;
      const step = WINDOW / 4n;
      for (let i = 0n; i < 5n; i++) {
        await time.setNextBlockTimestamp(t0 + i * step);
        await feed.update();
      }
      // Nobody calls update() for two days; the price halves and stays there for an hour.
      const last = t0 + 4n * step;
      const crash = last + 2n * 86_400n;
      await time.setNextBlockTimestamp(crash);
      await pool.setReserves(RESERVE_WETH, RESERVE_USDC / 2n);
      const read = crash + 3_600n;
      await mineAt(read);
      const r = await feed.latestRoundData();
      // The "30-minute" TWAP averages 49 hours: far above the 1,500 spot.
      expect(read - r.startedAt).to.equal(49n * 3_600n);
      expect(r.answer).to.be.greaterThan(2_900n * 10n ** DECIMALS);
      // Its age is 48.5 hours: a consumer checking maxPriceAge (the market's, 1 hour) refuses it.
      expect(read - r.updatedAt).to.equal(49n * 3_600n - WINDOW);
      expect(read - r.updatedAt).to.be.greaterThan(3_600n);
      // An honest update(): the window start stays two days old until the new observation is a window old ...
      await feed.update();
      await mineAt(read + WINDOW - 1n);
      expect(read + WINDOW - 1n - (await feed.latestRoundData()).updatedAt).to.be.greaterThan(48n * 3_600n);
      // ... and from then the TWAP is the crashed price, fresh (age 1 s: the update's block came 1 s after `read`).
      await mineAt(read + 1n + WINDOW);
      const fresh = await feed.latestRoundData();
      expect(read + 1n + WINDOW - fresh.updatedAt).to.equal(0n);
      expect(fresh.answer).to.equal(scale(priceX112(RESERVE_WETH, RESERVE_USDC / 2n), 18n, 6n));
    });

    it("getRoundData(latestRoundId) equals latestRoundData; one answer per id; other ids revert", async () => {
      const { feed, pool } = await loadFixture(deployFixture);
      const abi = await ethers.getContractAt("AggregatorV3Interface", await feed.getAddress());
      await feed.update();
      await time.increase(WINDOW);
      const latest = await abi.latestRoundData();
      expect(await abi.getRoundData(latest.roundId)).to.deep.equal(latest);
      await expect(abi.getRoundData(latest.roundId - 1n))
        .to.be.revertedWithCustomError(feed, "HistoryNotKept")
        .withArgs(latest.roundId - 1n);
      // A swap moves the next block's answer: it carries a new, larger roundId.
      await pool.setReserves(RESERVE_WETH, RESERVE_USDC * 2n);
      await mine();
      const next = await abi.latestRoundData();
      expect(next.answer).to.not.equal(latest.answer);
      expect(next.roundId).to.be.greaterThan(latest.roundId);
    });
  });

  describe("price", () => {
    it("corrects for decimals in both orientations", async () => {
      const { feed, inverseFeed } = await loadFixture(deployFixture);
      await feed.update();
      await inverseFeed.update();
      await time.increase(WINDOW);
      const answer = (await feed.latestRoundData()).answer;
      // 3,000 USDC per WETH at 8 decimals; the UQ112x112 division and the scaling both round down.
      expect(answer).to.equal(scale(priceX112(RESERVE_WETH, RESERVE_USDC), 18n, 6n));
      expect(3_000n * 10n ** 8n - answer).to.be.lessThanOrEqual(1n);
      // 1/3,000 WETH per USDC at 18 decimals.
      const inverse = (await inverseFeed.latestRoundData()).answer;
      expect(inverse).to.equal(scale(priceX112(RESERVE_USDC, RESERVE_WETH), 6n, 18n, 18n));
      expect(10n ** 18n / 3_000n - inverse).to.be.lessThanOrEqual(1n);
    });

    it("a one-block spike of S moves the TWAP by about S x 12 / 1800 while spot moves S", async () => {
      const { feed, pool } = await loadFixture(deployFixture);
      const t0 = BigInt(await time.latest()) + 10n;
      await time.setNextBlockTimestamp(t0);
      await feed.update();

      // Spike: USDC reserve up 50%, spot from 3,000 to 4,500 (S = 1,500) for one 12-second block, then back.
      const spikedUsdc = (RESERVE_USDC * 3n) / 2n;
      const spikeAt = t0 + 1_000n;
      await time.setNextBlockTimestamp(spikeAt);
      await pool.setReserves(RESERVE_WETH, spikedUsdc);
      const [r0, r1] = await pool.getReserves();
      const spot = (r1 * WETH * 10n ** DECIMALS) / (r0 * USDC);
      const baseline = 3_000n * 10n ** DECIMALS;
      const spotMove = spot - baseline;
      expect(spotMove).to.equal(1_500n * 10n ** DECIMALS);

      await time.setNextBlockTimestamp(spikeAt + BLOCK_TIME);
      await pool.setReserves(RESERVE_WETH, RESERVE_USDC);
      await mineAt(t0 + WINDOW);

      const twap = (await feed.latestRoundData()).answer;
      const p = priceX112(RESERVE_WETH, RESERVE_USDC);
      const pSpiked = priceX112(RESERVE_WETH, spikedUsdc);
      const exact = scale((p * (WINDOW - BLOCK_TIME) + pSpiked * BLOCK_TIME) / WINDOW, 18n, 6n);
      expect(twap).to.equal(exact);

      const twapMove = twap - baseline;
      const predicted = (spotMove * BLOCK_TIME) / WINDOW; // 10 USDC = 1e9 at 8 decimals
      expect(predicted).to.equal(10n * 10n ** DECIMALS);
      // Within 2 units of the last decimal (1e-8 USDC): only the round-downs differ.
      expect(twapMove - predicted).to.be.within(-2n, 2n);
    });

    it("a spike read in the block that makes it does not move the TWAP at all", async () => {
      const { feed, pool } = await loadFixture(deployFixture);
      const t0 = BigInt(await time.latest()) + 10n;
      await time.setNextBlockTimestamp(t0);
      await feed.update();
      await time.setNextBlockTimestamp(t0 + WINDOW);
      await pool.setReserves(RESERVE_WETH, RESERVE_USDC * 10n);
      expect((await feed.latestRoundData()).answer).to.equal(scale(priceX112(RESERVE_WETH, RESERVE_USDC), 18n, 6n));
      // One block later the 10x spot has counted for 12 of 1,812 seconds.
      await mineAt(t0 + WINDOW + BLOCK_TIME);
      const p = priceX112(RESERVE_WETH, RESERVE_USDC);
      const pSpiked = priceX112(RESERVE_WETH, RESERVE_USDC * 10n);
      const expected = scale((p * WINDOW + pSpiked * BLOCK_TIME) / (WINDOW + BLOCK_TIME), 18n, 6n);
      expect((await feed.latestRoundData()).answer).to.equal(expected);
    });

    it("survives the pool's accumulator wrapping past 2**256", async () => {
      const { feed, pool } = await loadFixture(deployFixture);
      const p = priceX112(RESERVE_WETH, RESERVE_USDC);
      // Start the accumulator 100 seconds of price short of wrapping.
      await pool.setCumulativePrices(2n ** 256n - p * 100n, 0);
      await feed.update();
      await time.increase(WINDOW);
      await pool.setReserves(RESERVE_WETH, RESERVE_USDC); // accumulates past 2**256 in the pool itself
      expect(await pool.price0CumulativeLast()).to.be.lessThan(p * WINDOW);
      expect((await feed.latestRoundData()).answer).to.equal(scale(p, 18n, 6n));
    });

    it("reverts with ZeroAnswer when the average rounds to zero", async () => {
      const { feed, pool } = await loadFixture(deployFixture);
      // One base unit of USDC against 1,000 WETH: 1e-9 USDC per WETH, zero at 8 decimals.
      await pool.setReserves(RESERVE_WETH, 1n);
      await feed.update();
      await time.increase(WINDOW);
      await expect(feed.latestRoundData())
        .to.be.revertedWithCustomError(feed, "ZeroAnswer")
        .withArgs(priceX112(RESERVE_WETH, 1n));
    });
  });

  describe("far future", () => {
    // Jumping the chain's clock to 2106 would leak into every test file run after this one: restore it.
    let snapshot: SnapshotRestorer;
    before(async () => {
      snapshot = await takeSnapshot();
    });
    after(async () => {
      await snapshot.restore();
    });

    it("survives the pool's 32-bit timestamp wrapping", async () => {
      // Not loadFixture: reverting to the fixture's earlier snapshot would invalidate ours.
      const { feed, pool } = await deployFixture();
      const wrap = 2n ** 32n;
      await time.setNextBlockTimestamp(wrap - 100n);
      await pool.setReserves(RESERVE_WETH, RESERVE_USDC);
      await time.setNextBlockTimestamp(wrap - 99n);
      await feed.update();
      // The pool's last update is at 2**32 - 100; now its uint32 clock reads 1,701.
      await mineAt(wrap - 99n + WINDOW);
      expect((await feed.latestRoundData()).answer).to.equal(scale(priceX112(RESERVE_WETH, RESERVE_USDC), 18n, 6n));
    });
  });
});
