import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time, mine, takeSnapshot } from "@nomicfoundation/hardhat-network-helpers";
import { anyValue } from "@nomicfoundation/hardhat-chai-matchers/withArgs";
import { openPosition } from "../lending/fixtures";
import {
  breakerWorld,
  BreakerWorld,
  BREAKER,
  EFFECT,
  REASON,
  PAUSE,
  GUARDIAN_ROLE,
  USDC,
  ETH,
  FEED,
  moved,
} from "./fixtures";

const P0 = FEED(2000);

async function priceWorld() {
  return breakerWorld({ maxLiquidationVolume: 0n, effects: EFFECT.PAUSE_BORROW | EFFECT.HALT_KICKS });
}
async function volumeWorld() {
  return breakerWorld({ maxPriceMoveBps: 0, maxLiquidationVolume: USDC(5_000), effects: EFFECT.PAUSE_BORROW });
}
async function kickVolumeWorld() {
  return breakerWorld({ maxPriceMoveBps: 0, maxLiquidationVolume: USDC(10_000), effects: EFFECT.HALT_KICKS });
}
async function throttleWorld() {
  const w = await breakerWorld({
    maxPriceMoveBps: 0,
    maxLiquidationVolume: 0n,
    liquidationCapPerBlock: USDC(5_000),
    effects: EFFECT.THROTTLE,
  });
  const second = w.signers[8];
  await openPosition(w, second, { weth: ETH(10) }, USDC(15_000));
  const multi = await ethers.deployContract("MultiLiquidator");
  await w.usdc.mint(await multi.getAddress(), USDC(100_000));
  return { ...w, second, multi };
}
async function fullHaltWorld() {
  return breakerWorld({ effects: EFFECT.FULL_HALT });
}

/** Sets the ETH feed (a new round, stamped now) and pokes the breaker. */
async function pokeAt(w: BreakerWorld, answer: bigint) {
  await w.ethFeed.setAnswer(answer);
  return w.breaker.poke();
}

describe("CircuitBreaker", () => {
  describe("price trigger", () => {
    it("does not trip on a move of X - 1 bps nor of exactly X bps within the window", async () => {
      for (const bps of [-999n, -1000n, 999n, 1000n]) {
        const w = await loadFixture(priceWorld);
        await expect(pokeAt(w, moved(P0, bps))).not.to.emit(w.breaker, "Tripped");
        expect(await w.breaker.isTripped()).to.equal(false);
        expect(await w.breaker.priceMoveBps()).to.equal(bps < 0n ? -bps : bps);
      }
    });

    it("trips on a move of X + 1 bps, either way, with the move (rounded up) and the limit", async () => {
      for (const bps of [-1001n, 1001n]) {
        const w = await loadFixture(priceWorld);
        await expect(pokeAt(w, moved(P0, bps)))
          .to.emit(w.breaker, "Tripped")
          .withArgs(REASON.PRICE, EFFECT.PAUSE_BORROW | EFFECT.HALT_KICKS, 1001n, 1000n, anyValue);
        expect(await w.breaker.isTripped()).to.equal(true);
      }
      // Rounded up: a move of 1000.5 bps is more than 1000 and reports 1001.
      const w = await loadFixture(priceWorld);
      await expect(pokeAt(w, P0 - (P0 * 10005n) / 100_000n))
        .to.emit(w.breaker, "Tripped")
        .withArgs(REASON.PRICE, anyValue, 1001n, 1000n, anyValue);
    });

    it("measures moves across several rounds inside the window, not only between consecutive rounds", async () => {
      const w = await loadFixture(priceWorld);
      await expect(pokeAt(w, moved(P0, -600n))).not.to.emit(w.breaker, "Tripped");
      await time.increase(1200);
      await expect(pokeAt(w, moved(P0, -1100n))).to.emit(w.breaker, "Tripped");
    });

    it("ignores a move against an answer older than the window", async () => {
      const w = await loadFixture(priceWorld);
      await time.increase(BREAKER.priceWindow + 1);
      await expect(pokeAt(w, moved(P0, -3000n))).not.to.emit(w.breaker, "Tripped");
    });

    it("records a round once: poking again without a new round changes nothing", async () => {
      const w = await loadFixture(priceWorld);
      await pokeAt(w, moved(P0, -500n));
      await expect(w.breaker.poke()).not.to.emit(w.breaker, "Tripped");
      expect(await w.breaker.priceMoveBps()).to.equal(500n);
    });

    it("refuses a zero answer from a watched feed", async () => {
      const w = await loadFixture(priceWorld);
      await w.ethFeed.setAnswer(0);
      await expect(w.breaker.poke())
        .to.be.revertedWithCustomError(w.breaker, "InvalidPrice")
        .withArgs(await w.ethFeed.getAddress(), 0);
    });
  });

  describe("liquidation volume trigger", () => {
    it("counts fixed-bonus repayments and trips inside the liquidation that crosses the limit", async () => {
      const w = await loadFixture(volumeWorld);
      await w.ethFeed.setAnswer(FEED(1700));
      const weth = w.wethAddress;
      await expect(
        w.pool.connect(w.liquidator).liquidate(w.borrower.address, weth, USDC(4_000), w.liquidator.address, 0),
      ).not.to.emit(w.breaker, "Tripped");
      expect(await w.breaker.liquidationVolume()).to.equal(USDC(4_000));
      await expect(
        w.pool.connect(w.liquidator).liquidate(w.borrower.address, weth, USDC(2_000), w.liquidator.address, 0),
      )
        .to.emit(w.breaker, "Tripped")
        .withArgs(REASON.VOLUME, EFFECT.PAUSE_BORROW, USDC(6_000), USDC(5_000), anyValue);
      await expect(w.pool.connect(w.borrower).borrow(USDC(1), w.borrower.address, w.borrower.address))
        .to.be.revertedWithCustomError(w.pool, "Paused")
        .withArgs(PAUSE.BORROW);
    });

    it("counts the principal handed to an auction at a kick", async () => {
      const w = await loadFixture(kickVolumeWorld);
      await w.ethFeed.setAnswer(FEED(1700));
      await expect(w.auctions.kick(w.poolAddress, w.borrower.address, w.wethAddress, w.keeper.address))
        .to.emit(w.breaker, "Tripped")
        .withArgs(REASON.VOLUME, EFFECT.HALT_KICKS, USDC(15_000), USDC(10_000), anyValue);
    });

    it("slides: the previous window's volume fades out in proportion to time", async () => {
      const w = await loadFixture(volumeWorld);
      await w.ethFeed.setAnswer(FEED(1700));
      await w.pool
        .connect(w.liquidator)
        .liquidate(w.borrower.address, w.wethAddress, USDC(4_000), w.liquidator.address, 0);
      await time.increase(BREAKER.volumeWindow * 2 + 10);
      expect(await w.breaker.liquidationVolume()).to.equal(0n);
    });
  });

  describe("effects", () => {
    it("halting kicks refuses new kicks (Stopped(1)) while an auction in flight can still be taken", async () => {
      const w = await loadFixture(kickVolumeWorld);
      const other = w.signers[8];
      await openPosition(w, other, { weth: ETH(10) }, USDC(15_000));
      await w.ethFeed.setAnswer(FEED(1700));
      await w.auctions.kick(w.poolAddress, w.borrower.address, w.wethAddress, w.keeper.address);
      expect(await w.auctions.stopLevel()).to.equal(1);
      await expect(w.auctions.kick(w.poolAddress, other.address, w.wethAddress, w.keeper.address))
        .to.be.revertedWithCustomError(w.auctions, "Stopped")
        .withArgs(1);
      await expect(w.auctions.connect(w.taker).take(1, ETH(1), ethers.MaxUint256, w.taker.address, "0x")).to.emit(
        w.auctions,
        "Take",
      );
    });

    it("full halt pauses borrow, collateral withdrawal and liquidation, and stops the auction entirely", async () => {
      const w = await loadFixture(fullHaltWorld);
      await w.breaker.connect(w.guardian).trip();
      const [borrow, withdraw, liquidate] = await Promise.all([
        w.pool.paused(PAUSE.BORROW),
        w.pool.paused(PAUSE.WITHDRAW_COLLATERAL),
        w.pool.paused(PAUSE.LIQUIDATE),
      ]);
      expect([borrow, withdraw, liquidate]).to.deep.equal([true, true, true]);
      expect(await w.auctions.stopLevel()).to.equal(3);
      await expect(w.pool.connect(w.borrower).borrow(USDC(1), w.borrower.address, w.borrower.address))
        .to.be.revertedWithCustomError(w.pool, "Paused")
        .withArgs(PAUSE.BORROW);
      await expect(
        w.pool.connect(w.borrower).withdrawCollateral(w.wethAddress, 1n, w.borrower.address, w.borrower.address),
      )
        .to.be.revertedWithCustomError(w.pool, "Paused")
        .withArgs(PAUSE.WITHDRAW_COLLATERAL);
      await w.ethFeed.setAnswer(FEED(1700));
      await expect(
        w.pool.connect(w.liquidator).liquidate(w.borrower.address, w.wethAddress, USDC(1_000), w.liquidator.address, 0),
      )
        .to.be.revertedWithCustomError(w.pool, "Paused")
        .withArgs(PAUSE.LIQUIDATE);
      await expect(w.auctions.kick(w.poolAddress, w.borrower.address, w.wethAddress, w.keeper.address))
        .to.be.revertedWithCustomError(w.auctions, "Stopped")
        .withArgs(3);
      await expect(w.breaker.connect(w.guardian).reset())
        .to.emit(w.breaker, "Reset")
        .withArgs(true, w.guardian.address);
      expect(await w.pool.paused(PAUSE.LIQUIDATE)).to.equal(false);
      expect(await w.auctions.stopLevel()).to.equal(0);
    });

    it("throttle: liquidations in one block may move at most the cap; the first of a block always passes", async () => {
      const w = await loadFixture(throttleWorld);
      await w.ethFeed.setAnswer(FEED(1700));
      await w.breaker.connect(w.guardian).trip();
      const borrowers = [w.borrower.address, w.second.address];
      await expect(w.multi.liquidateMany(w.poolAddress, borrowers, w.wethAddress, [USDC(4_000), USDC(4_000)]))
        .to.be.revertedWithCustomError(w.breaker, "LiquidationThrottled")
        .withArgs(anyValue, USDC(4_000), USDC(4_000), USDC(5_000));
      // Within the cap in one block: both pass.
      await w.multi.liquidateMany(w.poolAddress, borrowers, w.wethAddress, [USDC(2_000), USDC(3_000)]);
      // One liquidation larger than the cap, first of its block: passes.
      await w.pool
        .connect(w.liquidator)
        .liquidate(w.borrower.address, w.wethAddress, USDC(8_000), w.liquidator.address, 0);
    });

    it("throttle lapses with the cooldown: the next liquidation resets the breaker", async () => {
      const w = await loadFixture(throttleWorld);
      await w.ethFeed.setAnswer(FEED(1700));
      await w.breaker.connect(w.guardian).trip();
      await time.increase(BREAKER.cooldown);
      const borrowers = [w.borrower.address, w.second.address];
      await expect(w.multi.liquidateMany(w.poolAddress, borrowers, w.wethAddress, [USDC(4_000), USDC(4_000)]))
        .to.emit(w.breaker, "Reset")
        .withArgs(false, w.poolAddress);
    });
  });

  describe("cooldown and reset", () => {
    it("stays tripped through the cooldown and resets on the first poke after it, lifting exactly its effects", async () => {
      const w = await loadFixture(priceWorld);
      await pokeAt(w, moved(P0, -1500n));
      const until = await w.breaker.trippedUntil();
      expect(until).to.equal(BigInt(await time.latest()) + BigInt(BREAKER.cooldown));
      expect(await w.breaker.switchesSet()).to.deep.equal([1n, 1n]);
      await time.increaseTo(until - 2n);
      await expect(w.breaker.poke()).not.to.emit(w.breaker, "Reset");
      expect(await w.pool.paused(PAUSE.BORROW)).to.equal(true);
      await expect(w.breaker.connect(w.stranger).poke())
        .to.emit(w.breaker, "Reset")
        .withArgs(false, w.stranger.address);
      expect(await w.breaker.isTripped()).to.equal(false);
      expect(await w.pool.paused(PAUSE.BORROW)).to.equal(false);
      expect(await w.auctions.stopLevel()).to.equal(0);
      // Borrowing works again (more collateral first: at the lower price the borrower is over its LTV).
      await openPosition(w, w.borrower, { weth: ETH(5) }, USDC(1));
      // The move that tripped it is forgotten: poking again does not re-trip.
      await expect(w.breaker.poke()).not.to.emit(w.breaker, "Tripped");
    });

    it("does not lift a pause or a stop level a person set before the trip", async () => {
      const w = await loadFixture(priceWorld);
      await w.pool.setPaused(PAUSE.BORROW, true);
      await w.auctions.setStopLevel(2);
      await pokeAt(w, moved(P0, -1500n));
      expect(await w.breaker.switchesSet()).to.deep.equal([0n, 0n]);
      await w.breaker.connect(w.guardian).reset();
      expect(await w.pool.paused(PAUSE.BORROW)).to.equal(true);
      expect(await w.auctions.stopLevel()).to.equal(2);
    });
  });

  describe("guardian, access control and parameters", () => {
    it("a guardian trips and resets by hand; errors carry the state", async () => {
      const w = await loadFixture(priceWorld);
      await expect(w.breaker.connect(w.guardian).reset()).to.be.revertedWithCustomError(w.breaker, "NotTripped");
      await expect(w.breaker.connect(w.guardian).trip())
        .to.emit(w.breaker, "Tripped")
        .withArgs(REASON.MANUAL, EFFECT.PAUSE_BORROW | EFFECT.HALT_KICKS, 0, 0, anyValue);
      const until = await w.breaker.trippedUntil();
      await expect(w.breaker.connect(w.guardian).trip())
        .to.be.revertedWithCustomError(w.breaker, "AlreadyTripped")
        .withArgs(until);
      await expect(w.breaker.connect(w.guardian).reset())
        .to.emit(w.breaker, "Reset")
        .withArgs(true, w.guardian.address);
    });

    it("only guardians trip or reset, only the admin configures, only the market reports liquidations", async () => {
      const w = await loadFixture(priceWorld);
      const s = w.stranger;
      for (const call of [() => w.breaker.connect(s).trip(), () => w.breaker.connect(s).reset()]) {
        await expect(call())
          .to.be.revertedWithCustomError(w.breaker, "AccessControlUnauthorizedAccount")
          .withArgs(s.address, GUARDIAN_ROLE);
      }
      for (const call of [() => w.breaker.connect(s).setConfig(BREAKER), () => w.breaker.connect(s).setFeeds([])]) {
        await expect(call())
          .to.be.revertedWithCustomError(w.breaker, "AccessControlUnauthorizedAccount")
          .withArgs(s.address, ethers.ZeroHash);
      }
      await expect(w.breaker.connect(s).onLiquidation(s.address, w.wethAddress, 1n, 1))
        .to.be.revertedWithCustomError(w.breaker, "NotMarket")
        .withArgs(s.address);
    });

    it("a breaker without the market's GUARDIAN_ROLE cannot trip (the market refuses it)", async () => {
      const w = await loadFixture(priceWorld);
      await w.pool.revokeRole(GUARDIAN_ROLE, w.breakerAddress);
      await expect(w.breaker.connect(w.guardian).trip())
        .to.be.revertedWithCustomError(w.pool, "AccessControlUnauthorizedAccount")
        .withArgs(w.breakerAddress, GUARDIAN_ROLE);
    });

    it("checks parameter bounds on set", async () => {
      const w = await loadFixture(priceWorld);
      const bad = [
        { ...BREAKER, maxPriceMoveBps: 10_001 },
        { ...BREAKER, priceWindow: 0 },
        { ...BREAKER, volumeWindow: 7 * 86400 + 1 },
        { ...BREAKER, cooldown: 7 * 86400 + 1 },
        { ...BREAKER, effects: 16 },
      ];
      for (const c of bad) {
        await expect(w.breaker.setConfig(c))
          .to.be.revertedWithCustomError(w.breaker, "InvalidConfig")
          .withArgs(c.maxPriceMoveBps, c.priceWindow, c.volumeWindow, c.cooldown, c.effects);
      }
      const feed = await w.ethFeed.getAddress();
      await expect(w.breaker.setFeeds(Array(9).fill(feed)))
        .to.be.revertedWithCustomError(w.breaker, "TooManyFeeds")
        .withArgs(9, 8);
      await expect(w.breaker.setFeeds([ethers.ZeroAddress])).to.be.revertedWithCustomError(w.breaker, "ZeroAddress");
      await expect(w.breaker.setConfig({ ...BREAKER, effects: 0 })).to.emit(w.breaker, "ConfigUpdated");
    });

    it("refuses to halt kicks without an auction", async () => {
      const w = await loadFixture(priceWorld);
      const factory = await ethers.getContractFactory("CircuitBreaker");
      await expect(
        factory.deploy(w.admin.address, w.poolAddress, ethers.ZeroAddress, [], {
          ...BREAKER,
          effects: EFFECT.HALT_KICKS,
        }),
      ).to.be.revertedWithCustomError(factory, "NoAuction");
      await expect(
        factory.deploy(ethers.ZeroAddress, w.poolAddress, ethers.ZeroAddress, [], BREAKER),
      ).to.be.revertedWithCustomError(factory, "ZeroAddress");
    });
  });

  describe("gas on the hot path @gas-budget", () => {
    it("liquidate costs ~2.2k more with no guard and a bounded amount more with the breaker as guard", async () => {
      const w = await loadFixture(throttleWorld);
      await w.ethFeed.setAnswer(FEED(1700));
      const liquidate = async (who: string) => {
        const tx = await w.pool
          .connect(w.liquidator)
          .liquidate(who, w.wethAddress, USDC(4_000), w.liquidator.address, 0);
        return (await tx.wait())!.gasUsed;
      };
      // The same liquidation from the same state, three ways.
      const start = await takeSnapshot();
      await w.pool.setLiquidationGuard(ethers.ZeroAddress);
      const off = await liquidate(w.borrower.address);
      await start.restore();
      const on = await liquidate(w.borrower.address);
      await start.restore();
      await w.breaker.connect(w.guardian).trip();
      await mine();
      const throttled = await liquidate(w.borrower.address);
      console.log(
        `      liquidate gas: guard off ${off}, breaker untripped +${on - off}, throttling +${throttled - off}`,
      );
      expect(on - off).to.be.lessThan(15_000n);
      expect(throttled - off).to.be.lessThan(40_000n);
    });
  });
});
