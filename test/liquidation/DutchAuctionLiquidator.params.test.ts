import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { auctionWorld, AUCTION, WAD } from "./fixtures";

describe("DutchAuctionLiquidator: parameter bounds are inclusive", () => {
  it("accepts a start multiplier of exactly 1 and of exactly the maximum, and the maximum chip and penalty", async () => {
    const w = await loadFixture(auctionWorld);
    const curve = await w.curve.getAddress();
    const max = {
      multiplier: await w.auctions.MAX_START_PRICE_MULTIPLIER(),
      chip: await w.auctions.MAX_CHIP_BPS(),
      penalty: await w.auctions.MAX_PENALTY_BPS(),
    };
    await expect(w.auctions.setParams({ curve, ...AUCTION, startPriceMultiplier: WAD })).to.emit(
      w.auctions,
      "ParamsUpdated",
    );
    await expect(w.auctions.setParams({ curve, ...AUCTION, startPriceMultiplier: max.multiplier })).to.emit(
      w.auctions,
      "ParamsUpdated",
    );
    await expect(w.auctions.setParams({ curve, ...AUCTION, chipBps: max.chip, penaltyBps: max.penalty })).to.emit(
      w.auctions,
      "ParamsUpdated",
    );
    const p = await w.auctions.params();
    expect([p.chipBps, p.penaltyBps]).to.deep.equal([max.chip, max.penalty]);
  });
});
