import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { WAD } from "../lending/fixtures";
import { MAX_AGE, systemRiskWorld } from "./SystemRisk.fixtures";

describe("risk/SystemRiskFeed", () => {
  const fixture = () => systemRiskWorld();

  it("stores a reading with its round, observation and block times", async () => {
    const { feed, updater } = await loadFixture(fixture);
    const observed = BigInt(await time.latest());
    await expect(feed.connect(updater).submit(WAD / 2n, 30n * WAD, 100n * WAD, observed))
      .to.emit(feed, "ReadingSubmitted")
      .withArgs(1n, WAD / 2n, 30n * WAD, 100n * WAD, observed);
    const r = await feed.latest();
    expect(r.leverage).to.equal(WAD / 2n);
    expect(r.collateralAtRisk).to.equal(30n * WAD);
    expect(r.totalCollateral).to.equal(100n * WAD);
    expect(r.observedAt).to.equal(observed);
    expect(r.updatedAt).to.equal(BigInt(await time.latest()));
    expect(r.round).to.equal(1n);
    await feed.connect(updater).submit(WAD, 0n, 0n, observed + 1n);
    expect((await feed.latest()).round).to.equal(2n);
  });

  it("only moves forward: an observation not newer, or in the future, is refused", async () => {
    const { feed, updater } = await loadFixture(fixture);
    const t = BigInt(await time.latest());
    await feed.connect(updater).submit(1n, 0n, 0n, t);
    await expect(feed.connect(updater).submit(1n, 0n, 0n, t))
      .to.be.revertedWithCustomError(feed, "ObservationNotNewer")
      .withArgs(t, t);
    await expect(feed.connect(updater).submit(1n, 0n, 0n, t - 1n)).to.be.revertedWithCustomError(
      feed,
      "ObservationNotNewer",
    );
    await expect(feed.connect(updater).submit(1n, 0n, 0n, t + 1000n)).to.be.revertedWithCustomError(
      feed,
      "ObservationInFuture",
    );
  });

  it("refuses collateral at risk above the total, and a submitter without the role", async () => {
    const { feed, updater, stranger } = await loadFixture(fixture);
    const t = BigInt(await time.latest());
    await expect(feed.connect(updater).submit(1n, 11n, 10n, t))
      .to.be.revertedWithCustomError(feed, "AtRiskAboveTotal")
      .withArgs(11n, 10n);
    await feed.connect(updater).submit(1n, 10n, 10n, t);
    await expect(feed.connect(stranger).submit(1n, 0n, 0n, t + 1n)).to.be.revertedWithCustomError(
      feed,
      "AccessControlUnauthorizedAccount",
    );
  });

  it("is fresh from the first reading until maxAge seconds after its observation, inclusive", async () => {
    const { feed, updater } = await loadFixture(fixture);
    expect(await feed.isFresh()).to.equal(false);
    const t = BigInt(await time.latest()) + 10n;
    await time.setNextBlockTimestamp(t);
    await feed.connect(updater).submit(1n, 0n, 0n, t);
    expect(await feed.isFresh()).to.equal(true);
    await time.increaseTo(t + MAX_AGE);
    expect(await feed.isFresh()).to.equal(true);
    await time.increaseTo(t + MAX_AGE + 1n);
    expect(await feed.isFresh()).to.equal(false);
  });

  it("reports the share at risk rounded up, 0 with no collateral", async () => {
    const { feed, updater } = await loadFixture(fixture);
    expect(await feed.atRiskShare()).to.equal(0n);
    const t = BigInt(await time.latest());
    await feed.connect(updater).submit(1n, 1n, 3n, t);
    expect(await feed.atRiskShare()).to.equal(WAD / 3n + 1n);
    await feed.connect(updater).submit(1n, 1n, 4n, t + 1n);
    expect(await feed.atRiskShare()).to.equal(WAD / 4n);
  });

  it("bounds maxAge to (0, 7 days]; only the admin sets it", async () => {
    const { feed, admin, updater, stranger } = await loadFixture(fixture);
    const limit = 7n * 24n * 3600n;
    await expect(feed.setMaxAge(0n)).to.be.revertedWithCustomError(feed, "InvalidMaxAge").withArgs(0n, limit);
    await expect(feed.setMaxAge(limit + 1n)).to.be.revertedWithCustomError(feed, "InvalidMaxAge");
    await expect(feed.setMaxAge(limit)).to.emit(feed, "MaxAgeSet").withArgs(limit);
    expect(await feed.maxAge()).to.equal(limit);
    await expect(feed.connect(stranger).setMaxAge(5n)).to.be.revertedWithCustomError(
      feed,
      "AccessControlUnauthorizedAccount",
    );
    const f = await ethers.getContractFactory("SystemRiskFeed");
    await expect(f.deploy(ethers.ZeroAddress, updater.address, 1n)).to.be.revertedWithCustomError(feed, "ZeroAddress");
    await expect(f.deploy(admin.address, ethers.ZeroAddress, 1n)).to.be.revertedWithCustomError(feed, "ZeroAddress");
    await expect(f.deploy(admin.address, updater.address, 0n)).to.be.revertedWithCustomError(feed, "InvalidMaxAge");
  });
});
