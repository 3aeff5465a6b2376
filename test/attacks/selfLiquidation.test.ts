import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { auctionWorld, AuctionWorld, USDC, ETH } from "../liquidation/fixtures";
import { FEED, MARKET } from "../lending/fixtures";

const BONUS_BPS = 500n;

/** `valueOf` is shadowed by Object.prototype.valueOf on an ethers contract: call it by name. */
const valueOf = async (w: AuctionWorld, amount: bigint): Promise<bigint> =>
  w.pool.getFunction("valueOf")(w.wethAddress, amount);

/** What the borrower owns, in USDC base units at the oracle price: wallet + collateral - debt (may be negative). */
async function equity(w: AuctionWorld, who: string) {
  const cash: bigint = await w.usdc.balanceOf(who);
  const held: bigint = await valueOf(w, await w.weth.balanceOf(who));
  const pledged: bigint = await valueOf(w, await w.pool.collateralOf(who, w.wethAddress));
  const debt: bigint = await w.pool.debtOf(who);
  const wallet = cash + held;
  const position = pledged - debt;
  return { wallet, position, total: wallet + position };
}

describe("Attack: self-liquidation", () => {
  it("liquidating one's own position only moves the bonus from the position to the wallet (net zero)", async () => {
    const w = await loadFixture(auctionWorld);
    await w.usdc.connect(w.borrower).approve(w.poolAddress, USDC(15_000));
    await w.ethFeed.setAnswer(FEED(1850)); // health 0.987: half the debt may be repaid
    const before = await equity(w, w.borrower.address);
    await w.pool.connect(w.borrower).liquidate(w.borrower.address, w.wethAddress, USDC(7_500), w.borrower.address, 0n);
    const after = await equity(w, w.borrower.address);
    // The liquidator side gains the 5% bonus on 7,500 (rounded down), the position side loses exactly as much.
    expect(after.wallet - before.wallet).to.be.within(
      (USDC(7_500) * BONUS_BPS) / 10_000n - 1n,
      (USDC(7_500) * BONUS_BPS) / 10_000n,
    );
    expect(before.total - after.total).to.be.within(0n, 1n);
  });

  it("on a toxic position it pays no more than any liquidator's bonus; the shortfall is booked as bad debt", async () => {
    const w = await loadFixture(auctionWorld);
    await w.usdc.connect(w.borrower).approve(w.poolAddress, USDC(15_000));
    await w.ethFeed.setAnswer(FEED(1400)); // 14,000 of collateral for 15,000 of debt
    const walletBefore = (await equity(w, w.borrower.address)).wallet;
    const tx = w.pool
      .connect(w.borrower)
      .liquidate(w.borrower.address, w.wethAddress, USDC(15_000), w.borrower.address, 0n);
    // Everything is seized for 14,000 / 1.05 (rounded up); the rest of the debt is written off.
    const repaid = (USDC(14_000) * 10_000n + 10_499n) / 10_500n;
    await expect(tx)
      .to.emit(w.pool, "BadDebtRealized")
      .withArgs(w.borrower.address, USDC(15_000) - repaid, 0n, USDC(15_000) - repaid);
    const gain = (await equity(w, w.borrower.address)).wallet - walletBefore;
    expect(gain).to.be.lessThanOrEqual((repaid * BONUS_BPS) / 10_000n + 1n);
    expect(await w.pool.debtOf(w.borrower.address)).to.equal(0n);
  });

  it("kicking one's own auction costs the penalty, which exceeds the keeper incentive it earns", async () => {
    const w = await loadFixture(auctionWorld);
    await w.ethFeed.setAnswer(FEED(1700));
    const tx = w.auctions
      .connect(w.borrower)
      .kick(w.poolAddress, w.borrower.address, w.wethAddress, w.borrower.address);
    const receipt = await (await tx).wait();
    const kick = receipt!.logs.map((l) => w.auctions.interface.parseLog(l)).find((l) => l?.name === "Kick")!.args;
    const penalty = kick.debtToRaise - USDC(15_000);
    expect(kick.incentive).to.equal(USDC(100) + (kick.debtToRaise * 10n) / 10_000n);
    expect(penalty).to.equal(USDC(1_950));
    expect(kick.incentive).to.be.lessThan(penalty);
  });

  it("a crumb position (debt below dust) earns no kick incentive, so incentives cannot be farmed on dust", async () => {
    const w = await loadFixture(auctionWorld);
    const [, , , , , farmer] = w.signers;
    // 0.005 ETH (10 USDC) of collateral, 7 USDC of debt: below the market's 10 USDC dust.
    await w.weth.mint(farmer.address, ETH(1) / 200n);
    await w.weth.connect(farmer).approve(w.poolAddress, ETH(1));
    await w.pool.connect(farmer).depositCollateral(w.wethAddress, ETH(1) / 200n, farmer.address);
    await w.pool.connect(farmer).borrow(USDC(7), farmer.address, farmer.address);
    await w.ethFeed.setAnswer(FEED(1700));
    const before = await w.usdc.balanceOf(farmer.address);
    await expect(w.auctions.connect(farmer).kick(w.poolAddress, farmer.address, w.wethAddress, farmer.address))
      .to.emit(w.auctions, "Kick")
      .withArgs(
        1n,
        w.poolAddress,
        farmer.address,
        w.wethAddress,
        (USDC(7) * 11_300n) / 10_000n,
        ETH(1) / 200n,
        2040n * 10n ** 18n,
        farmer.address,
        0n,
      );
    expect(await w.usdc.balanceOf(farmer.address)).to.equal(before);
    expect(MARKET.dust).to.equal(USDC(10));
  });
});
