import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { auctionWorld, AUCTION, USDC } from "./fixtures";

/** Only DEFAULT_ADMIN_ROLE may change the auction's parameters, a market's settings or an asset's debt limit. */
describe("DutchAuctionLiquidator: administration is the admin's alone", () => {
  it("a stranger cannot set params, market settings or an asset limit: AccessControlUnauthorizedAccount, nothing changes", async () => {
    const w = await loadFixture(auctionWorld);
    const stranger = w.signers[7];
    const admin = await w.auctions.DEFAULT_ADMIN_ROLE();
    const a = w.auctions.connect(stranger);
    const params = { curve: await w.curve.getAddress(), ...AUCTION, chipBps: 0 };
    await expect(a.setParams(params))
      .to.be.revertedWithCustomError(w.auctions, "AccessControlUnauthorizedAccount")
      .withArgs(stranger.address, admin);
    await expect(a.setMarketSettings(w.poolAddress, { enabled: false, tip: 0n, debtLimit: 0n }))
      .to.be.revertedWithCustomError(w.auctions, "AccessControlUnauthorizedAccount")
      .withArgs(stranger.address, admin);
    await expect(a.setAssetDebtLimit(w.poolAddress, w.wethAddress, 0n))
      .to.be.revertedWithCustomError(w.auctions, "AccessControlUnauthorizedAccount")
      .withArgs(stranger.address, admin);
    expect((await w.auctions.params()).chipBps).to.equal(BigInt(AUCTION.chipBps));
    expect((await w.auctions.marketSettings(w.poolAddress)).enabled).to.equal(true);
    expect(await w.auctions.assetDebtLimit(w.poolAddress, w.wethAddress)).to.equal(USDC(1_000_000));
    // The admin can: the same calls go through.
    await expect(w.auctions.setAssetDebtLimit(w.poolAddress, w.wethAddress, USDC(5)))
      .to.emit(w.auctions, "AssetLimitUpdated")
      .withArgs(w.poolAddress, w.wethAddress, USDC(5));
  });
});
