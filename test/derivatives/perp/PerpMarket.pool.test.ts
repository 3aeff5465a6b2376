import { expect } from "chai";
import { ethers } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import { deployPerp, ETH, USD, expectConserved, open, moveMarket, movePool, setMark } from "./fixture";
import type { PerpFixture } from "./fixture";

const WAD = 10n ** 18n;

/** Whether the fixture's pool holds base as token0 (the pool sorts its tokens by address). */
const baseIsToken0 = async (f: PerpFixture) => (await f.pool.token0()) === (await f.base.getAddress());

/**
 * One lifecycle whose every figure depends on the pool legs: a long and a short open (the vault buys and sells base),
 * the market falls 5%, the short closes in profit (buys base back), the long is liquidated by a pool sale. Funding off
 * (rate cap 0), so that wall-clock block times cannot move the figures.
 */
async function lifecycle(order: boolean): Promise<bigint[]> {
  const f = await deployPerp({ maxFundingRatePerSecondWad: 0n }, 10_000n * USD, { baseIsToken0: order });
  expect(await baseIsToken0(f)).to.equal(order);
  const long = await open(f, f.alice, true, 10n * ETH, 1_500n * USD);
  const short = await open(f, f.bob, false, 5n * ETH, 1_000n * USD);
  const entries = [(await f.market.position(long)).entryNotional, (await f.market.position(short)).entryNotional];
  await moveMarket(f, 1_900n);
  const bobBefore = await f.debt.balanceOf(f.bob);
  await f.market.connect(f.bob).closePosition(short, 2n ** 255n);
  const bobPayout = (await f.debt.balanceOf(f.bob)) - bobBefore;
  const keeperBefore = await f.debt.balanceOf(f.keeper);
  await expect(f.market.connect(f.keeper).liquidate(long)).to.emit(f.market, "Liquidated");
  const keeperReward = (await f.debt.balanceOf(f.keeper)) - keeperBefore;
  await expectConserved(f);
  const [r0, r1] = await f.pool.getReserves();
  const [reserveBase, reserveDebt] = order ? [r0, r1] : [r1, r0];
  return [
    ...entries,
    bobPayout,
    keeperReward,
    await f.market.vaultCash(),
    await f.market.vaultBase(),
    await f.market.insuranceFund(),
    await f.market.protocolFees(),
    BigInt((await f.market.openPositionIds()).length),
    reserveBase,
    reserveDebt,
  ];
}

describe("PerpMarket: the pool legs in either token order, and an empty pool", () => {
  it("gives the same figures to the wei whether base is the pool's token0 or token1", async () => {
    const asToken0 = await lifecycle(true);
    const asToken1 = await lifecycle(false);
    expect(asToken0).to.deep.equal(asToken1);
    // The lifecycle did trade: the short was paid out and the long's liquidation rewarded its keeper.
    expect(asToken0[2]).to.be.gt(1_000n * USD);
    expect(asToken0[3]).to.be.gt(0n);
  });

  for (const order of [true, false]) {
    it(`reads the pool's TWAP for funding with base as token${order ? 0 : 1}: rate = premium / 8 h`, async () => {
      const f = await deployPerp({}, 10_000n * USD, { baseIsToken0: order });
      await movePool(f, 2_100n * USD);
      await time.increase(3_600);
      await setMark(f, 2_000n * 10n ** 8n);
      const tx = await f.market.accrueFunding();
      const log = (await f.market.queryFilter(f.market.filters.FundingAccrued(), tx.blockNumber!))[0].args;
      // The pool sat at 2,100 for all but the first seconds of the hour.
      expect(log.twapPrice).to.be.within(2_099n * USD, 2_101n * USD);
      expect(log.indexPrice).to.equal(2_000n * USD);
      expect(log.ratePerSecondWad).to.equal(((log.twapPrice - log.indexPrice) * WAD) / log.indexPrice / (8n * 3_600n));
    });
  }

  it("starts on an empty pool without funding: no TWAP, rate 0, index unchanged", async () => {
    const f = await deployPerp();
    const empty = await ethers.deployContract("ConstantProductPool", [f.debt, f.base, 30, "LP", "LP"]);
    const market = await ethers.deployContract("PerpMarket", [
      empty,
      f.debt,
      f.base,
      f.feed,
      f.admin.address,
      f.params,
    ]);
    await time.increase(3_600);
    await setMark(f, 2_000n * 10n ** 8n);
    await expect(market.accrueFunding())
      .to.emit(market, "FundingAccrued")
      .withArgs(0n, 0n, 0n, 2_000n * USD);
    expect(await market.fundingRatePerSecondWad()).to.equal(0n);
    expect(await market.cumulativeFundingIndex()).to.equal(0n);
  });
});
