import { expect } from "chai";
import { ethers } from "hardhat";
import { deployUsdcWeth } from "../helpers/tokenOrder";

const ETH = (n: number) => BigInt(n) * 10n ** 18n;
const USDC = (n: number) => BigInt(n) * 10n ** 6n;

/** A WETH/USDC pool stand-in with WETH sorting on `wethSide`, and a spot feed of WETH in USDC (8 decimals). */
async function spotWorld(wethSide: "token0" | "token1") {
  const { usdc, weth } = await deployUsdcWeth(wethSide);
  const [t0, t1] = wethSide === "token0" ? [weth, usdc] : [usdc, weth];
  const pool = await ethers.deployContract("MockCumulativePool", [t0, t1]);
  const feed = await ethers.deployContract("AmmSpotFeed", [pool, weth, 8]);
  /** Sets the reserves given as (WETH, USDC). */
  const setReserves = (wethReserve: bigint, usdcReserve: bigint) =>
    wethSide === "token0" ? pool.setReserves(wethReserve, usdcReserve) : pool.setReserves(usdcReserve, wethReserve);
  return { feed, pool, setReserves };
}

describe("AmmSpotFeed: base token on either side of the pair", () => {
  it("answers USDC per WETH from the right reserves whichever side WETH sorts on", async () => {
    for (const side of ["token0", "token1"] as const) {
      const w = await spotWorld(side);
      await w.setReserves(ETH(1_000), USDC(2_000_000));
      expect((await w.feed.latestRoundData())[1]).to.equal(2_000n * 10n ** 8n);
      // 1,234.56789 USDC per WETH at 8 decimals, rounded down from 1,234,567.89 / 1,000.
      await w.setReserves(ETH(1_000), 1_234_567_890_000n);
      expect((await w.feed.latestRoundData())[1]).to.equal(1_234_56789000n);
    }
  });

  it("refuses an empty side with EmptyReserves(base, quote), whichever side is empty", async () => {
    for (const side of ["token0", "token1"] as const) {
      const w = await spotWorld(side);
      await w.setReserves(ETH(1_000), 0n);
      await expect(w.feed.latestRoundData())
        .to.be.revertedWithCustomError(w.feed, "EmptyReserves")
        .withArgs(ETH(1_000), 0n);
      await w.setReserves(0n, USDC(2_000_000));
      await expect(w.feed.latestRoundData())
        .to.be.revertedWithCustomError(w.feed, "EmptyReserves")
        .withArgs(0n, USDC(2_000_000));
    }
  });
});
