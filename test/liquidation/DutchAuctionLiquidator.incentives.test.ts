import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { auctionWorld, AuctionWorld, AUCTION, TIP, USDC, ETH } from "./fixtures";
import { FEED, openPosition } from "../lending/fixtures";

const BPS = 10_000n;
/** The debt to raise for `principal`: principal x (1 + penalty), rounded up (as the kick computes it). */
const withPenalty = (principal: bigint) => (principal * (BPS + BigInt(AUCTION.penaltyBps)) + BPS - 1n) / BPS;
/** What Maker-style incentives would pay per kick or reset for a tab, without a cap. */
const uncapped = (tab: bigint) => TIP + (tab * BigInt(AUCTION.chipBps)) / BPS;
const MAX_AGE = 7_201;

/** Lets the auction age past maxDuration and refreshes the oracle, so that `redo` is allowed. */
async function redoOnce(w: AuctionWorld, id: bigint): Promise<bigint> {
  await time.increase(MAX_AGE);
  await w.ethFeed.setAnswer(FEED(1700));
  const receipt = await (await w.auctions.redo(id, w.keeper.address)).wait();
  const log = receipt!.logs.map((l) => w.auctions.interface.parseLog(l)).find((e) => e?.name === "Redo");
  return log!.args.incentive as bigint;
}

async function kickIncentive(w: AuctionWorld, borrower: string): Promise<{ id: bigint; incentive: bigint }> {
  const receipt = await (await w.auctions.kick(w.poolAddress, borrower, w.wethAddress, w.keeper.address)).wait();
  const log = receipt!.logs.map((l) => w.auctions.interface.parseLog(l)).find((e) => e?.name === "Kick");
  return { id: log!.args.id as bigint, incentive: log!.args.incentive as bigint };
}

/** A second, small position: 0.05 ETH (100 USDC at 2,000) and 70 USDC of debt; unhealthy at 1,700. */
async function smallPosition() {
  const w = await auctionWorld();
  const small = w.signers[6];
  await openPosition(w, small, { weth: ETH(1) / 20n }, USDC(70));
  await w.ethFeed.setAnswer(FEED(1700)); // limit 0.05 x 1,700 x 0.8 = 68 < 70
  return { ...w, small };
}

describe("DutchAuctionLiquidator: incentives never exceed the penalty (issue 15, F2 and small kicks)", () => {
  it("F2 regression: ten resets of a small lot pay nothing once the penalty is spent (old code: 100 USDC each)", async () => {
    const w = await loadFixture(smallPosition);
    const tab = withPenalty(USDC(70));
    const penalty = tab - USDC(70); // 9.1 USDC
    const { id, incentive: atKick } = await kickIncentive(w, w.small.address);
    expect(uncapped(tab)).to.be.gt(penalty); // the old rule paid 100.08 USDC for this kick
    expect(atKick).to.equal(penalty);
    const reserves = await w.pool.reserves();
    const supplied = await w.pool.totalSupplyAssets();
    let paid = atKick;
    for (let i = 0; i < 10; i++) paid += await redoOnce(w, id);
    expect(paid).to.equal(penalty); // the old code paid 9.1 + 10 x 100.08 = 1,009.9 USDC from lenders
    expect(await w.pool.reserves()).to.equal(reserves);
    expect(await w.pool.totalSupplyAssets()).to.equal(supplied);
  });

  it("resets keep paying tip + chip while the budget lasts, then the rest of it, then nothing", async () => {
    const w = await loadFixture(auctionWorld);
    await w.ethFeed.setAnswer(FEED(1700));
    const tab = withPenalty(USDC(15_000));
    const penalty = tab - USDC(15_000); // 1,950 USDC
    const { id, incentive: atKick } = await kickIncentive(w, w.borrower.address);
    expect(atKick).to.equal(uncapped(tab));
    const full = (penalty - atKick) / uncapped(tab); // 15 whole resets fit
    const redos: bigint[] = [];
    for (let i = 0n; i < full + 2n; i++) redos.push(await redoOnce(w, id));
    expect(redos.slice(0, Number(full))).to.deep.equal(Array(Number(full)).fill(uncapped(tab)));
    expect(redos[Number(full)]).to.equal(penalty - atKick - full * uncapped(tab));
    expect(redos[Number(full) + 1]).to.equal(0n);
    expect(atKick + redos.reduce((x, y) => x + y, 0n)).to.equal(penalty);
  });

  it("kick incentive = min(tip + chip x tab, penalty) across position sizes (the 10-770 USDC gap is closed)", async () => {
    const w = await loadFixture(auctionWorld);
    // tab 100 -> penalty 11.5, tab 500 -> 57.5: the old rule paid 100+ for both; tab 1,000 -> penalty 115 > tip + chip
    for (const [i, debt] of [USDC(88), USDC(442), USDC(885)].entries()) {
      const who = w.signers[6 + i];
      await w.ethFeed.setAnswer(FEED(2000));
      await openPosition(w, who, { weth: (debt * 10n ** 12n * 4n) / 3n / 2000n + ETH(1) / 1000n }, debt); // near 75% LTV
      await w.ethFeed.setAnswer(FEED(1700));
      const tab = withPenalty(debt);
      const penalty = tab - debt;
      const { incentive } = await kickIncentive(w, who.address);
      expect(incentive).to.equal(uncapped(tab) < penalty ? uncapped(tab) : penalty);
      expect(incentive).to.be.lte(penalty);
    }
  });
});
