import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { auctionWorld, AUCTION, RAY, ETH } from "./fixtures";
import { FEED } from "../lending/fixtures";

/**
 * The auction's and the stairstep curve's input guards, one by one. Found unreached by the coverage gate
 * (scripts/coverage/run.ts).
 */
describe("DutchAuctionLiquidator: input guards", () => {
  async function kicked() {
    const w = await auctionWorld();
    await w.ethFeed.setAnswer(FEED(1700)); // the borrower (10 ETH, 15,000) is liquidatable
    await w.auctions.kick(w.poolAddress, w.borrower.address, w.wethAddress, w.keeper.address);
    return w;
  }

  it("refuses a zero admin at construction and a zero curve in the parameters", async () => {
    const w = await loadFixture(kicked);
    await expect(
      ethers.deployContract("DutchAuctionLiquidator", [
        ethers.ZeroAddress,
        { curve: await w.curve.getAddress(), ...AUCTION },
      ]),
    ).to.be.revertedWithCustomError(w.auctions, "ZeroAddress");
    await expect(w.auctions.setParams({ ...AUCTION, curve: ethers.ZeroAddress })).to.be.revertedWithCustomError(
      w.auctions,
      "InvalidParams",
    );
  });

  it("refuses zero market, keeper and receiver addresses", async () => {
    const w = await loadFixture(kicked);
    await expect(
      w.auctions.setMarketSettings(ethers.ZeroAddress, { enabled: true, tip: 0, debtLimit: 0 }),
    ).to.be.revertedWithCustomError(w.auctions, "ZeroAddress");
    await expect(
      w.auctions.kick(w.poolAddress, w.borrower.address, w.wethAddress, ethers.ZeroAddress),
    ).to.be.revertedWithCustomError(w.auctions, "ZeroAddress");
    await expect(
      w.auctions.connect(w.taker).take(1, ETH(1), ethers.MaxUint256, ethers.ZeroAddress, "0x"),
    ).to.be.revertedWithCustomError(w.auctions, "ZeroAddress");
    await expect(w.auctions.redo(1, ethers.ZeroAddress)).to.be.revertedWithCustomError(w.auctions, "ZeroAddress");
  });

  it("refuses a take of zero collateral, and resets of unknown auctions", async () => {
    const w = await loadFixture(kicked);
    await expect(
      w.auctions.connect(w.taker).take(1, 0, ethers.MaxUint256, w.taker.address, "0x"),
    ).to.be.revertedWithCustomError(w.auctions, "ZeroAmount");
    await expect(w.auctions.redo(99, w.keeper.address))
      .to.be.revertedWithCustomError(w.auctions, "AuctionNotActive")
      .withArgs(99);
  });

  it("shows an unknown or ended auction with no price and no reset due", async () => {
    const w = await loadFixture(kicked);
    const v = await w.auctions.auction(99);
    expect([v.price, v.needsReset, v.collateral]).to.deep.equal([0n, false, 0n]);
  });

  it("refuses a reset on a non-positive oracle answer", async () => {
    const w = await loadFixture(kicked);
    await w.ethFeed.setAnswer(0);
    await ethers.provider.send("evm_increaseTime", [AUCTION.maxDuration + 1]);
    await ethers.provider.send("evm_mine", []);
    await expect(w.auctions.redo(1, w.keeper.address))
      .to.be.revertedWithCustomError(w.auctions, "InvalidPrice")
      .withArgs(w.wethAddress, 0);
  });

  it("stairstep curve: refuses a zero step, a zero cut and a cut of one or more", async () => {
    const w = await loadFixture(kicked);
    for (const [step, cut] of [
      [0n, RAY / 2n],
      [90n, 0n],
      [90n, RAY],
    ]) {
      await expect(ethers.deployContract("StairstepExponentialDecrease", [step, cut]))
        .to.be.revertedWithCustomError(w.curve, "InvalidCurve")
        .withArgs(step, cut);
    }
  });
});
