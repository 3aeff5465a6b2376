import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { auctionWorld, AUCTION, USDC } from "./fixtures";

describe("DutchAuctionLiquidator: who may change its settings", () => {
  it("refuses a stranger every admin setting and the stop level, and keeps the settings as they were", async () => {
    const w = await loadFixture(auctionWorld);
    const [, , , , , stranger] = w.signers;
    const admin = await w.auctions.DEFAULT_ADMIN_ROLE();
    const guardian = await w.auctions.GUARDIAN_ROLE();
    const as = w.auctions.connect(stranger);
    const params = { curve: await w.curve.getAddress(), ...AUCTION, penaltyBps: 0 };
    const cases = [
      [() => as.setParams(params), admin],
      [() => as.setMarketSettings(w.poolAddress, { enabled: false, tip: 0n, debtLimit: 0n }), admin],
      [() => as.setAssetDebtLimit(w.poolAddress, w.wethAddress, 0n), admin],
      [() => as.setStopLevel(1), guardian],
    ] as const;
    for (const [call, role] of cases) {
      await expect(call())
        .to.be.revertedWithCustomError(w.auctions, "AccessControlUnauthorizedAccount")
        .withArgs(stranger.address, role);
    }
    expect((await w.auctions.params()).penaltyBps).to.equal(BigInt(AUCTION.penaltyBps));
    const settings = await w.auctions.marketSettings(w.poolAddress);
    expect(settings.enabled).to.equal(true);
    expect(settings.debtLimit).to.equal(USDC(1_000_000));
    expect(await w.auctions.assetDebtLimit(w.poolAddress, w.wethAddress)).to.equal(USDC(1_000_000));
    expect(await w.auctions.stopLevel()).to.equal(0n);
  });

  it("lets the admin change the auction parameters and the market's settings", async () => {
    const w = await loadFixture(auctionWorld);
    const params = { curve: await w.curve.getAddress(), ...AUCTION, penaltyBps: 500 };
    await expect(w.auctions.setParams(params)).to.emit(w.auctions, "ParamsUpdated");
    expect((await w.auctions.params()).penaltyBps).to.equal(500n);
    await expect(w.auctions.setMarketSettings(w.poolAddress, { enabled: false, tip: 1n, debtLimit: 2n })).to.emit(
      w.auctions,
      "MarketSettingsUpdated",
    );
    const settings = await w.auctions.marketSettings(w.poolAddress);
    expect([settings.enabled, settings.tip, settings.debtLimit]).to.deep.equal([false, 1n, 2n]);
  });
});
