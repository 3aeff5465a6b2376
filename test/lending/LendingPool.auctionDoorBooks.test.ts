import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { deployMarketNoInterest, openPosition, expectConserved, MARKET, USDC, ETH, BTC, FEED } from "./fixtures";
import { divUp } from "../helpers/lendingMath";

/**
 * The auction door's books, driven by an account wired as the auction liquidator (no-interest market): what a kick
 * moves and marks down, what a settlement must have been paid, what an incentive may take, and when the door is open.
 */
async function doorBooks() {
  const m = await deployMarketNoInterest();
  const [, , borrower, keeper, , whale, door] = m.signers;
  await m.pool.setAuctionLiquidator(door.address);
  await m.usdc.mint(door.address, USDC(100_000));
  return { ...m, borrower, keeper, whale, door, wethAddress: await m.weth.getAddress() };
}
type World = Awaited<ReturnType<typeof doorBooks>>;

const seize = (w: World, asset: string, maxDebt: bigint) =>
  w.pool.connect(w.door).seizeForAuction(w.borrower.address, asset, maxDebt);

describe("LendingPool: the auction door's books", () => {
  it("a whole kick with the lot worth more than the debt moves everything and writes nothing off", async () => {
    const w = await loadFixture(doorBooks);
    await openPosition(w, w.borrower, { weth: ETH(10) }, USDC(15_000));
    await w.ethFeed.setAnswer(FEED(1_700)); // lot 17,000 for 15,000 of debt
    await expect(seize(w, w.wethAddress, ethers.MaxUint256))
      .to.emit(w.pool, "SeizedForAuction")
      .withArgs(w.borrower.address, w.wethAddress, w.door.address, ETH(10), USDC(15_000))
      .and.not.to.emit(w.pool, "BadDebtRealized");
    expect(await w.pool.borrowShares(w.borrower.address)).to.equal(0n);
    expect(await w.pool.debtInAuction()).to.equal(USDC(15_000));
    expect(await w.pool.totalBadDebt()).to.equal(0n);
  });

  it("a partial kick leaves the rest of the debt with the borrower, not written off", async () => {
    const w = await loadFixture(doorBooks);
    await openPosition(w, w.borrower, { weth: ETH(10) }, USDC(15_000));
    await w.ethFeed.setAnswer(FEED(1_700));
    await expect(seize(w, w.wethAddress, USDC(6_000)))
      .to.emit(w.pool, "SeizedForAuction")
      .withArgs(w.borrower.address, w.wethAddress, w.door.address, ETH(4), USDC(6_000))
      .and.not.to.emit(w.pool, "BadDebtRealized");
    expect(await w.pool.debtOf(w.borrower.address)).to.equal(USDC(9_000));
    expect(await w.pool.collateralOf(w.borrower.address, w.wethAddress)).to.equal(ETH(6));
  });

  it("a lot worth exactly the debt is booked at face value: no markdown, no BadDebtRealized", async () => {
    const w = await loadFixture(doorBooks);
    await openPosition(w, w.borrower, { weth: ETH(10) }, USDC(15_000));
    await w.ethFeed.setAnswer(FEED(1_500)); // lot 15,000 = the debt
    expect(
      await w.pool.connect(w.door).seizeForAuction.staticCall(w.borrower.address, w.wethAddress, USDC(20_000)),
    ).to.deep.equal([ETH(10), USDC(15_000), 0n]);
    await expect(seize(w, w.wethAddress, USDC(20_000))).not.to.emit(w.pool, "BadDebtRealized");
    expect(await w.pool.debtInAuction()).to.equal(USDC(15_000));
  });

  it("a lot worth one unit less than the debt is marked down by that unit at the kick", async () => {
    const w = await loadFixture(doorBooks);
    await openPosition(w, w.borrower, { weth: ETH(10) }, USDC(15_000));
    await w.ethFeed.setAnswer(FEED(1_500) - 1n);
    const lot = (ETH(10) * (FEED(1_500) - 1n) * 10n ** 10n) / 10n ** 30n;
    expect(lot).to.equal(USDC(15_000) - 1n);
    await expect(seize(w, w.wethAddress, USDC(20_000)))
      .to.emit(w.pool, "BadDebtRealized")
      .withArgs(w.borrower.address, 1n, 0n, 1n);
    expect(await w.pool.debtInAuction()).to.equal(lot);
  });

  it("kicking one of two collaterals moves the debt it backs pro rata by value, rounded up", async () => {
    const w = await loadFixture(doorBooks);
    const wbtc = await w.wbtc.getAddress();
    await openPosition(w, w.borrower, { weth: ETH(10), wbtc: BTC(1) }, USDC(35_000));
    await w.ethFeed.setAnswer(FEED(1_700));
    await w.btcFeed.setAnswer(FEED(25_001)); // limit 13,600 + 18,750.75 < 35,000
    const debt = USDC(35_000);
    const [ethValue, btcValue] = [USDC(17_000), USDC(25_001)];
    const backed = divUp(debt * btcValue, ethValue + btcValue);
    expect((debt * btcValue) / (ethValue + btcValue)).to.equal(backed - 1n);
    await expect(seize(w, wbtc, ethers.MaxUint256))
      .to.emit(w.pool, "SeizedForAuction")
      .withArgs(w.borrower.address, wbtc, w.door.address, BTC(1), backed)
      .and.not.to.emit(w.pool, "BadDebtRealized");
    expect(await w.pool.debtOf(w.borrower.address)).to.equal(debt - backed);
    expect(await w.pool.collateralOf(w.borrower.address, w.wethAddress)).to.equal(ETH(10));
  });

  it("a settlement must find its proceeds paid in: one unit short reverts SettlementNotPaid(balance, owed)", async () => {
    const w = await loadFixture(doorBooks);
    await openPosition(w, w.borrower, { weth: ETH(10) }, USDC(15_000));
    await w.ethFeed.setAnswer(FEED(1_700));
    await seize(w, w.wethAddress, ethers.MaxUint256);
    const poolAddress = await w.pool.getAddress();
    // 15,000 repaid and a 1,000 penalty for reserves: the market must then hold 1,000,000 + 1,000.
    const owed = USDC(1_001_000);
    await w.usdc.connect(w.door).transfer(poolAddress, USDC(16_000) - 1n);
    await expect(w.pool.connect(w.door).settleAuction(USDC(15_000), 0n, USDC(1_000), 0n))
      .to.be.revertedWithCustomError(w.pool, "SettlementNotPaid")
      .withArgs(owed - 1n, owed);
    await w.usdc.connect(w.door).transfer(poolAddress, 1n);
    await expect(w.pool.connect(w.door).settleAuction(USDC(15_000), 0n, USDC(1_000), 0n))
      .to.emit(w.pool, "AuctionSettled")
      .withArgs(USDC(15_000), 0n, USDC(1_000), 0n);
    expect(await w.pool.reserves()).to.equal(USDC(1_000));
    expect(await w.pool.debtInAuction()).to.equal(0n);
    await expectConserved(w);
    // With reserves on the books, a second, unpaid settlement of nothing but a penalty is refused too.
    await expect(w.pool.connect(w.door).settleAuction(0n, 0n, 1n, 0n))
      .to.be.revertedWithCustomError(w.pool, "SettlementNotPaid")
      .withArgs(owed, owed + 1n);
  });

  it("a keeper incentive may take the reserves when they are all the cash, never their last unit", async () => {
    const w = await loadFixture(doorBooks);
    await openPosition(w, w.borrower, { weth: ETH(10) }, USDC(15_000));
    await w.ethFeed.setAnswer(FEED(1_700));
    await seize(w, w.wethAddress, ethers.MaxUint256);
    await w.usdc.connect(w.door).transfer(await w.pool.getAddress(), USDC(16_000));
    await w.pool.connect(w.door).settleAuction(USDC(15_000), 0n, USDC(1_000), 0n);
    // A whale borrows all the lenders' cash: what is left is the 1,000 of reserves.
    await openPosition(w, w.whale, { weth: ETH(1_000) }, USDC(1_000_000));
    const before = await w.usdc.balanceOf(w.keeper.address);
    await expect(w.pool.connect(w.door).payKeeperIncentive(w.keeper.address, USDC(5_000)))
      .to.emit(w.pool, "KeeperIncentivePaid")
      .withArgs(w.keeper.address, USDC(1_000), USDC(1_000) - 1n, 1n);
    expect(await w.usdc.balanceOf(w.keeper.address)).to.equal(before + USDC(1_000));
    expect(await w.pool.reserves()).to.equal(1n);
    await expectConserved(w);
  });
});

describe("LendingPool: the auction door is open only with the auction mechanism and a liquidator", () => {
  it("auctionsEnabled needs both; a market without the mechanism refuses kicks with MechanismDisabled(2)", async () => {
    const w = await loadFixture(doorBooks);
    await openPosition(w, w.borrower, { weth: ETH(10) }, USDC(15_000));
    await w.ethFeed.setAnswer(FEED(1_700));
    const enabled = () => w.pool.auctionsEnabled();
    expect(await enabled()).to.equal(true); // mechanisms 3, liquidator set
    await w.pool.setMarketConfig({ ...MARKET, mechanisms: 2 });
    expect(await enabled()).to.equal(true);
    await w.pool.setMarketConfig({ ...MARKET, mechanisms: 1 });
    expect(await enabled()).to.equal(false);
    await expect(seize(w, w.wethAddress, USDC(1_000)))
      .to.be.revertedWithCustomError(w.pool, "MechanismDisabled")
      .withArgs(2);
    await w.pool.setMarketConfig({ ...MARKET, mechanisms: 3 });
    await w.pool.setAuctionLiquidator(ethers.ZeroAddress);
    expect(await enabled()).to.equal(false);
    expect(await w.pool.debtOf(w.borrower.address)).to.equal(USDC(15_000));
  });
});
