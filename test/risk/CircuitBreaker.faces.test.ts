import { expect } from "chai";
import { ethers } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import { openPosition, expectConserved } from "../lending/fixtures";
import { breakerWorld, BreakerWorld, BREAKER, EFFECT, PAUSE, USDC, ETH, FEED } from "./fixtures";

/**
 * The two faces of a circuit breaker, at contract level (engine scenarios come later). Each test runs the same
 * story twice: with the breaker's effects on (FULL_HALT) and with effects 0 (monitor only: it trips, does nothing).
 */
const halting = () => breakerWorld({ maxPriceMoveBps: 1000, maxLiquidationVolume: 0n, effects: EFFECT.FULL_HALT });
const monitoring = () => breakerWorld({ maxPriceMoveBps: 1000, maxLiquidationVolume: 0n, effects: 0 });

async function liquidateAll(w: BreakerWorld, who: string) {
  return w.pool.connect(w.liquidator).liquidate(who, w.wethAddress, USDC(1_000_000), w.liquidator.address, 0);
}

describe("CircuitBreaker: both faces", () => {
  it("delays a needed liquidation: while liquidations are halted the price keeps falling and bad debt appears", async () => {
    const badDebt: bigint[] = [];
    for (const make of [monitoring, halting]) {
      const w = await make();
      await w.ethFeed.setAnswer(FEED(1700)); // -15%: trips; the borrower (10 ETH, 15,000 debt) is at health 0.907
      await w.breaker.poke();
      expect(await w.breaker.isTripped()).to.equal(true);
      if (make === halting) {
        await expect(liquidateAll(w, w.borrower.address))
          .to.be.revertedWithCustomError(w.pool, "Paused")
          .withArgs(PAUSE.LIQUIDATE);
        // The fall goes on during the cooldown; when the halt lifts the collateral no longer covers the debt.
        await time.increase(BREAKER.cooldown);
        await w.ethFeed.setAnswer(FEED(1400));
        await w.breaker.poke();
        expect(await w.breaker.isTripped()).to.equal(false);
      }
      await liquidateAll(w, w.borrower.address);
      badDebt.push(await w.pool.totalBadDebt());
      await expectConserved(w);
    }
    expect(badDebt[0]).to.equal(0n);
    // 15,000 of debt against 10 ETH x 1,400 / 1.05 repayable: about 1,667 USDC written off.
    expect(badDebt[1]).to.be.closeTo(USDC(15_000) - (USDC(14_000) * 100n) / 105n, 2n);
  });

  it("stops a cascade step: a liquidation's sale moves the AMM and the oracle; halted, the next position survives", async () => {
    const liquidated: number[] = [];
    for (const make of [monitoring, halting]) {
      const w = await make();
      await w.breaker.setConfig({
        ...BREAKER,
        maxPriceMoveBps: 2000,
        maxLiquidationVolume: 0n,
        effects: (await w.breaker.config()).effects,
      });
      const second = w.signers[8];
      await openPosition(w, second, { weth: ETH(10) }, USDC(13_000));
      const amm = await ethers.deployContract("ConstantProductPool", [
        w.wethAddress,
        await w.usdc.getAddress(),
        30,
        "LP",
        "LP",
      ]);
      const ammAddress = await amm.getAddress();
      await w.weth.mint(ammAddress, ETH(100));
      await w.usdc.mint(ammAddress, USDC(200_000));
      await amm.mint(w.admin.address);
      const wethIs0 = (await amm.token0()) === w.wethAddress;
      const reserves = async () => {
        const [r0, r1] = await amm.getReserves();
        return wethIs0 ? { eth: r0, usd: r1 } : { eth: r1, usd: r0 };
      };
      /** The oracle reports AMM spot (an updater reading a thin market). */
      const syncOracle = async () => {
        const r = await reserves();
        await w.ethFeed.setAnswer((r.usd * 10n ** 20n) / r.eth);
      };
      const sellEth = async (amountIn: bigint) => {
        const r = await reserves();
        const out = (amountIn * 9970n * r.usd) / (r.eth * 10_000n + amountIn * 9970n);
        await w.weth.mint(ammAddress, amountIn);
        await amm.swap(wethIs0 ? 0n : out, wethIs0 ? out : 0n, w.admin.address, "0x");
      };
      const buyEth = async (out: bigint) => {
        const r = await reserves();
        const amountIn = (r.usd * out * 10_000n) / ((r.eth - out) * 9970n) + 1n;
        await w.usdc.mint(ammAddress, amountIn);
        await amm.swap(wethIs0 ? out : 0n, wethIs0 ? 0n : out, w.admin.address, "0x");
      };

      await sellEth(ETH(7)); // exogenous shock: spot ~1,747 (-12.6%), under the 20% trigger
      await syncOracle();
      await w.breaker.poke();
      expect(await w.breaker.isTripped()).to.equal(false);
      expect(await w.pool.healthFactor(second.address)).to.be.greaterThan(10n ** 18n);
      let count = 0;
      const seizedBefore = await w.weth.balanceOf(w.liquidator.address);
      await liquidateAll(w, w.borrower.address);
      count++;
      await sellEth((await w.weth.balanceOf(w.liquidator.address)) - seizedBefore); // the liquidator dumps the collateral
      await syncOracle(); // spot ~1,486 (-26%): the breaker trips
      await w.breaker.poke();
      expect(await w.breaker.isTripped()).to.equal(true);
      expect(await w.pool.healthFactor(second.address)).to.be.lessThan(10n ** 18n);

      if (make === halting) {
        await expect(liquidateAll(w, second.address)).to.be.revertedWithCustomError(w.pool, "Paused");
        // During the cooldown arbitrageurs buy the cheap ETH back toward the outside price.
        await buyEth((await reserves()).eth - ETH(100));
        await time.increase(BREAKER.cooldown);
        await syncOracle();
        await w.breaker.poke();
        expect(await w.breaker.isTripped()).to.equal(false);
        await expect(liquidateAll(w, second.address)).to.be.revertedWithCustomError(w.pool, "NotLiquidatable");
      } else {
        await liquidateAll(w, second.address); // the cascade step
        count++;
      }
      liquidated.push(count);
      await expectConserved(w);
    }
    expect(liquidated).to.deep.equal([2, 1]);
  });
});
