import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, takeSnapshot, time } from "@nomicfoundation/hardhat-network-helpers";
import { FEE_BPS, deployPool, emptyPoolFixture, poolFixture, provide } from "./fixtures";
import { BPS, UINT112_MAX, getAmountOut, isqrt, swapProducts, uniswapV2GetAmountOut, uq112Price } from "./reference";

const DEAD = "0x000000000000000000000000000000000000dEaD";
const MINIMUM_LIQUIDITY = 1000n;
const abi = ethers.AbiCoder.defaultAbiCoder();
const flashData = (repay0: bigint, repay1: bigint, reenter = false) =>
  abi.encode(["uint256", "uint256", "bool"], [repay0, repay1, reenter]);

describe("ConstantProductPool", () => {
  describe("construction", () => {
    it("sorts the tokens, stores the fee and names the LP token", async () => {
      const a = await ethers.deployContract("MockERC20", ["A", "A", 18]);
      const b = await ethers.deployContract("MockERC20", ["B", "B", 6]);
      const [lo, hi] = BigInt(await a.getAddress()) < BigInt(await b.getAddress()) ? [a, b] : [b, a];
      const pool = await ethers.deployContract("ConstantProductPool", [hi, lo, 25, "Cascade LP", "CLP"]);
      expect(await pool.token0()).to.equal(await lo.getAddress());
      expect(await pool.token1()).to.equal(await hi.getAddress());
      expect(await pool.feeBps()).to.equal(25n);
      expect(await pool.MINIMUM_LIQUIDITY()).to.equal(MINIMUM_LIQUIDITY);
      expect([await pool.name(), await pool.symbol(), await pool.decimals()]).to.deep.equal(["Cascade LP", "CLP", 18n]);
    });

    it("accepts fees up to 9_999 bps and rejects 10_000 with FeeTooHigh", async () => {
      const { pool } = await deployPool(18, 18, 9_999n);
      expect(await pool.feeBps()).to.equal(9_999n);
      const factory = await ethers.getContractFactory("ConstantProductPool");
      const [a, b] = [await pool.token0(), await pool.token1()];
      await expect(factory.deploy(a, b, 10_000, "LP", "LP"))
        .to.be.revertedWithCustomError(factory, "FeeTooHigh")
        .withArgs(10_000n, 9_999n);
    });

    it("rejects identical tokens and the zero address", async () => {
      const factory = await ethers.getContractFactory("ConstantProductPool");
      const token = await ethers.deployContract("MockERC20", ["A", "A", 18]);
      await expect(factory.deploy(token, token, 30, "LP", "LP"))
        .to.be.revertedWithCustomError(factory, "IdenticalTokens")
        .withArgs(await token.getAddress());
      await expect(factory.deploy(token, ethers.ZeroAddress, 30, "LP", "LP")).to.be.revertedWithCustomError(
        factory,
        "ZeroAddress",
      );
    });
  });

  describe("mint", () => {
    it("locks MINIMUM_LIQUIDITY to the dead address at the first mint", async () => {
      const { owner, pool, token0, token1 } = await loadFixture(emptyPoolFixture);
      const [amount0, amount1] = [4n * 10n ** 18n, 9n * 10n ** 18n];
      const root = isqrt(amount0 * amount1);
      await expect(provide(pool, token0, token1, amount0, amount1, owner.address))
        .to.emit(pool, "Mint")
        .withArgs(owner.address, amount0, amount1)
        .and.to.emit(pool, "Sync")
        .withArgs(amount0, amount1);
      expect(await pool.totalSupply()).to.equal(root);
      expect(await pool.balanceOf(DEAD)).to.equal(MINIMUM_LIQUIDITY);
      expect(await pool.balanceOf(owner)).to.equal(root - MINIMUM_LIQUIDITY);
    });

    it("keeps the locked shares after every other share is burned", async () => {
      const { owner, pool, token0, token1 } = await loadFixture(emptyPoolFixture);
      await provide(pool, token0, token1, 10n ** 18n, 10n ** 18n, owner.address);
      await pool.transfer(pool, await pool.balanceOf(owner));
      await pool.burn(owner);
      expect(await pool.totalSupply()).to.equal(MINIMUM_LIQUIDITY);
      const [reserve0, reserve1] = await pool.getReserves();
      expect(reserve0).to.equal(MINIMUM_LIQUIDITY);
      expect(reserve1).to.equal(MINIMUM_LIQUIDITY);
    });

    it("reverts with InsufficientLiquidityMinted when the first deposit's root is not above the lock", async () => {
      const { owner, pool, token0, token1 } = await loadFixture(emptyPoolFixture);
      await expect(provide(pool, token0, token1, 1_000n, 1_000n, owner.address))
        .to.be.revertedWithCustomError(pool, "InsufficientLiquidityMinted")
        .withArgs(1_000n, 1_000n);
      await expect(provide(pool, token0, token1, 1n, 1_001n ** 2n, owner.address)).not.to.be.reverted;
    });

    it("mints pro rata to the scarcer side and reverts when nothing was sent", async () => {
      const { alice, pool, token0, token1, reserve0, reserve1 } = await loadFixture(poolFixture);
      const supply = await pool.totalSupply();
      // Twice as much token1 as the ratio asks for: shares follow token0, the surplus stays in the pool.
      await provide(pool, token0, token1, reserve0 / 10n, reserve1 / 5n, alice.address);
      expect(await pool.balanceOf(alice)).to.equal(((reserve0 / 10n) * supply) / reserve0);
      await expect(pool.mint(alice))
        .to.be.revertedWithCustomError(pool, "InsufficientLiquidityMinted")
        .withArgs(0n, 0n);
    });
  });

  describe("burn", () => {
    it("returns the pro-rata share of both balances", async () => {
      const { owner, bob, pool, token0, token1, reserve0, reserve1 } = await loadFixture(poolFixture);
      const supply = await pool.totalSupply();
      const liquidity = (await pool.balanceOf(owner)) / 3n;
      const [expected0, expected1] = [(liquidity * reserve0) / supply, (liquidity * reserve1) / supply];
      await pool.transfer(pool, liquidity);
      await expect(pool.burn(bob))
        .to.emit(pool, "Burn")
        .withArgs(owner.address, expected0, expected1, bob.address)
        .and.to.emit(pool, "Sync")
        .withArgs(reserve0 - expected0, reserve1 - expected1);
      expect(await token0.balanceOf(bob)).to.equal(expected0);
      expect(await token1.balanceOf(bob)).to.equal(expected1);
      expect(await pool.totalSupply()).to.equal(supply - liquidity);
    });

    it("reverts with InsufficientLiquidityBurned when no shares were sent", async () => {
      const { bob, pool } = await loadFixture(poolFixture);
      await expect(pool.burn(bob)).to.be.revertedWithCustomError(pool, "InsufficientLiquidityBurned").withArgs(0n, 0n);
    });
  });

  describe("swap", () => {
    for (const zeroForOne of [true, false]) {
      it(`pays exactly Uniswap V2's getAmountOut and not one wei more (${zeroForOne ? "0→1" : "1→0"})`, async () => {
        const { owner, bob, pool, token0, token1, reserve0, reserve1 } = await loadFixture(poolFixture);
        const [tokenIn, reserveIn, reserveOut] = zeroForOne
          ? [token0, reserve0, reserve1]
          : [token1, reserve1, reserve0];
        const amountIn = reserveIn / 97n + 12_345n;
        const amountOut = uniswapV2GetAmountOut(amountIn, reserveIn, reserveOut);
        const outs = (o: bigint): [bigint, bigint] => (zeroForOne ? [0n, o] : [o, 0n]);
        await tokenIn.mint(pool, amountIn);

        const [kBefore, kAfter] = swapProducts(amountIn, amountOut + 1n, reserveIn, reserveOut, FEE_BPS);
        await expect(pool.swap(...outs(amountOut + 1n), bob, "0x"))
          .to.be.revertedWithCustomError(pool, "InvariantViolated")
          .withArgs(kBefore, kAfter);

        const [in0, in1] = zeroForOne ? [amountIn, 0n] : [0n, amountIn];
        await expect(pool.swap(...outs(amountOut), bob, "0x"))
          .to.emit(pool, "Swap")
          .withArgs(owner.address, in0, in1, ...outs(amountOut), bob.address);
        const tokenOut = zeroForOne ? token1 : token0;
        expect(await tokenOut.balanceOf(bob)).to.equal(amountOut);
      });
    }

    it("reverts with InsufficientOutputAmount when both outputs are zero", async () => {
      const { bob, pool } = await loadFixture(poolFixture);
      await expect(pool.swap(0, 0, bob, "0x")).to.be.revertedWithCustomError(pool, "InsufficientOutputAmount");
    });

    it("reverts with InsufficientLiquidity when an output would empty a reserve", async () => {
      const { bob, pool, reserve0, reserve1 } = await loadFixture(poolFixture);
      await expect(pool.swap(reserve0, 0, bob, "0x"))
        .to.be.revertedWithCustomError(pool, "InsufficientLiquidity")
        .withArgs(reserve0, reserve0);
      await expect(pool.swap(0, reserve1 + 1n, bob, "0x"))
        .to.be.revertedWithCustomError(pool, "InsufficientLiquidity")
        .withArgs(reserve1 + 1n, reserve1);
    });

    it("reverts with InvalidTo when sending to one of the pool's tokens", async () => {
      const { pool, token0, token1 } = await loadFixture(poolFixture);
      for (const token of [token0, token1]) {
        await expect(pool.swap(1, 0, token, "0x"))
          .to.be.revertedWithCustomError(pool, "InvalidTo")
          .withArgs(await token.getAddress());
      }
    });

    it("reverts with InsufficientInputAmount when nothing was paid in", async () => {
      const { bob, pool } = await loadFixture(poolFixture);
      await expect(pool.swap(1, 0, bob, "0x")).to.be.revertedWithCustomError(pool, "InsufficientInputAmount");
    });
  });

  describe("flash swap", () => {
    it("calls uniswapV2Call and accepts a repayment of amount * 10_000 / (10_000 - fee), rounded up", async () => {
      const { owner, pool, token0, callee, reserve0 } = await loadFixture(poolFixture);
      const borrowed = reserve0 / 4n;
      const repay = (borrowed * BPS + (BPS - FEE_BPS) - 1n) / (BPS - FEE_BPS);
      await token0.mint(callee, repay - borrowed);
      await expect(pool.swap(borrowed, 0, callee, flashData(repay, 0n)))
        .to.emit(callee, "FlashCallback")
        .withArgs(await pool.getAddress(), owner.address, borrowed, 0n);
      const [newReserve0] = await pool.getReserves();
      expect(newReserve0).to.equal(reserve0 - borrowed + repay);
    });

    it("may be repaid in the other token", async () => {
      const { pool, token1, callee, reserve0, reserve1 } = await loadFixture(poolFixture);
      const borrowed = reserve0 / 10n;
      const repay1 = (reserve1 * borrowed * BPS) / ((reserve0 - borrowed) * (BPS - FEE_BPS)) + 1n;
      await token1.mint(callee, repay1);
      await expect(pool.swap(borrowed, 0, callee, flashData(0n, repay1))).not.to.be.reverted;
    });

    it("reverts with InvariantViolated when underpaid by one wei", async () => {
      const { pool, token0, callee, reserve0, reserve1 } = await loadFixture(poolFixture);
      const borrowed = reserve0 / 4n;
      const repay = (borrowed * BPS + (BPS - FEE_BPS) - 1n) / (BPS - FEE_BPS) - 1n;
      await token0.mint(callee, repay);
      const balance0 = reserve0 - borrowed + repay;
      const kAfter = (balance0 * BPS - repay * FEE_BPS) * reserve1 * BPS;
      await expect(pool.swap(borrowed, 0, callee, flashData(repay, 0n)))
        .to.be.revertedWithCustomError(pool, "InvariantViolated")
        .withArgs(reserve0 * reserve1 * BPS * BPS, kAfter);
    });

    it("reverts with InsufficientInputAmount when not repaid", async () => {
      const { pool, callee, reserve1 } = await loadFixture(poolFixture);
      await expect(pool.swap(0, reserve1 / 2n, callee, flashData(0n, 0n))).to.be.revertedWithCustomError(
        pool,
        "InsufficientInputAmount",
      );
    });

    it("reverts with Locked when the callback re-enters the pool", async () => {
      const { pool, token0, callee } = await loadFixture(poolFixture);
      await token0.mint(callee, 10n ** 18n);
      await expect(pool.swap(1000, 0, callee, flashData(10n ** 18n, 0n, true))).to.be.revertedWithCustomError(
        pool,
        "Locked",
      );
    });
  });

  describe("skim and sync", () => {
    it("skim sends only the excess over the reserves", async () => {
      const { bob, pool, token0, token1, reserve0, reserve1 } = await loadFixture(poolFixture);
      await token0.mint(pool, 123n);
      await expect(pool.skim(bob)).to.changeTokenBalances(token0, [pool, bob], [-123n, 123n]);
      expect(await token1.balanceOf(bob)).to.equal(0n);
      expect((await pool.getReserves()).slice(0, 2)).to.deep.equal([reserve0, reserve1]);
    });

    it("skim does not revert when a balance fell below its reserve", async () => {
      const { bob, pool, token0, token1 } = await loadFixture(poolFixture);
      await token0.burn(pool, 1n);
      await token1.mint(pool, 7n);
      await expect(pool.skim(bob)).to.changeTokenBalance(token1, bob, 7n);
    });

    it("sync adopts donations and balance decreases", async () => {
      const { pool, token0, token1, reserve0, reserve1 } = await loadFixture(poolFixture);
      await token0.mint(pool, 5n);
      await token1.burn(pool, 9n);
      await expect(pool.sync())
        .to.emit(pool, "Sync")
        .withArgs(reserve0 + 5n, reserve1 - 9n);
    });

    it("reverts with ReserveOverflow when a balance exceeds uint112", async () => {
      const { pool, token0, reserve0, reserve1 } = await loadFixture(poolFixture);
      const donation = UINT112_MAX - reserve0 + 1n;
      await token0.mint(pool, donation);
      await expect(pool.sync())
        .to.be.revertedWithCustomError(pool, "ReserveOverflow")
        .withArgs(reserve0 + donation, reserve1);
    });
  });

  describe("TWAP accumulators", () => {
    it("advance by the reserve ratio (UQ112x112) times the seconds elapsed, with pre-update reserves", async () => {
      const { owner, pool, token0, reserve0, reserve1 } = await loadFixture(poolFixture);
      const [, , t0] = await pool.getReserves();
      expect(await pool.price0CumulativeLast()).to.equal(0n); // the first mint saw empty reserves

      await time.setNextBlockTimestamp(t0 + 3_600n);
      await pool.sync();
      expect(await pool.price0CumulativeLast()).to.equal(uq112Price(reserve0, reserve1) * 3_600n);
      expect(await pool.price1CumulativeLast()).to.equal(uq112Price(reserve1, reserve0) * 3_600n);

      // A swap moves the price; the 600 s before it accrue at the old ratio, the 60 s after at the new one.
      const amountIn = reserve0 / 5n;
      const amountOut = getAmountOut(amountIn, reserve0, reserve1, FEE_BPS);
      await token0.mint(pool, amountIn);
      await time.setNextBlockTimestamp(t0 + 4_200n);
      await pool.swap(0, amountOut, owner, "0x");
      await time.setNextBlockTimestamp(t0 + 4_260n);
      await pool.sync();
      const [new0, new1] = [reserve0 + amountIn, reserve1 - amountOut];
      expect(await pool.price0CumulativeLast()).to.equal(
        uq112Price(reserve0, reserve1) * 4_200n + uq112Price(new0, new1) * 60n,
      );
      expect(await pool.price1CumulativeLast()).to.equal(
        uq112Price(reserve1, reserve0) * 4_200n + uq112Price(new1, new0) * 60n,
      );
    });

    it("wrap around 2^256 and the 32-bit timestamp instead of reverting", async () => {
      const { owner, pool, token0, token1 } = await loadFixture(emptyPoolFixture);
      // The clock goes to the year 2106 here: restore it so that later tests start from the present.
      const snapshot = await takeSnapshot();
      try {
        // Price of token0 near 2^224: three updates of 2^31 s each carry the accumulator past 2^256, and the clock
        // past 2^32 (the stored timestamp wraps; elapsed time is still right).
        await provide(pool, token0, token1, 1n, UINT112_MAX, owner.address);
        const [, , t0] = await pool.getReserves();
        const step = 2n ** 31n;
        const price = uq112Price(1n, UINT112_MAX);
        for (let i = 1n; i <= 3n; i++) {
          await time.setNextBlockTimestamp(t0 + i * step);
          await pool.sync();
        }
        expect(price * 3n * step).to.be.greaterThan(2n ** 256n);
        expect(await pool.price0CumulativeLast()).to.equal((price * 3n * step) % 2n ** 256n);
        expect((await pool.getReserves())[2]).to.equal((t0 + 3n * step) % 2n ** 32n);
      } finally {
        await snapshot.restore();
      }
    });
  });
});
