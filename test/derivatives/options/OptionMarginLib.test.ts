import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { DEFAULT_AUCTION, DEFAULT_MARGIN } from "../../../scripts/derivatives/options/params";

const WAD = 10n ** 18n;
const DAY = 86_400n;
const harness = () => ethers.deployContract("OptionMarginLibHarness");

describe("OptionMarginLib (issue 20)", () => {
  it("scales the grid's vol shock by √(30 d / τ), capped at 4x, and not at all from 30 days", async () => {
    const h = await loadFixture(harness);
    const vol = (8n * WAD) / 10n;
    // +30% at 30 days and beyond
    expect(await h.shockedVol(vol, 30n * DAY, DEFAULT_MARGIN)).to.equal((vol * 13n) / 10n);
    expect(await h.shockedVol(vol, 90n * DAY, DEFAULT_MARGIN)).to.equal((vol * 13n) / 10n);
    // 7.5 days: √4 = 2 -> +60%
    expect(await h.shockedVol(vol, (15n * DAY) / 2n, DEFAULT_MARGIN)).to.equal((vol * 16n) / 10n);
    // 1 day and at expiry: capped at 4 -> +120%
    expect(await h.shockedVol(vol, DAY, DEFAULT_MARGIN)).to.equal((vol * 22n) / 10n);
    expect(await h.shockedVol(vol, 0n, DEFAULT_MARGIN)).to.equal((vol * 22n) / 10n);
  });

  it("prices a solvent auction 95% -> 70% over 15 minutes, then -> 0 over 12 hours, rounding down", async () => {
    const h = await loadFixture(harness);
    expect(await h.solventBidBps(0n, DEFAULT_AUCTION)).to.equal(9_500n);
    expect(await h.solventBidBps(1n, DEFAULT_AUCTION)).to.equal(9_497n); // 95% − ⌈2500/900⌉
    expect(await h.solventBidBps(450n, DEFAULT_AUCTION)).to.equal(8_250n);
    expect(await h.solventBidBps(900n, DEFAULT_AUCTION)).to.equal(7_000n);
    expect(await h.solventBidBps(900n + 6n * 3_600n, DEFAULT_AUCTION)).to.equal(3_500n);
    expect(await h.solventBidBps(900n + 12n * 3_600n, DEFAULT_AUCTION)).to.equal(0n);
    expect(await h.solventBidBps(10n * DAY, DEFAULT_AUCTION)).to.equal(0n);
    expect(await h.insolventProgress(6n * 3_600n, DEFAULT_AUCTION)).to.equal(WAD / 2n);
    expect(await h.insolventProgress(13n * 3_600n, DEFAULT_AUCTION)).to.equal(WAD);
  });

  it("adds the buffer to the mark, x1.5 for the initial requirement, rounding up", async () => {
    const h = await loadFixture(harness);
    const spot = 2_000n * WAD;
    expect(await h.requirementPerUnit(true, 10n * WAD, spot, false, DEFAULT_MARGIN)).to.equal(190n * WAD);
    expect(await h.requirementPerUnit(true, 10n * WAD, spot, true, DEFAULT_MARGIN)).to.equal(280n * WAD);
    // put: min(9% spot = 180, 9% mark = 0.9) = 0.9
    expect(await h.requirementPerUnit(false, 10n * WAD, spot, false, DEFAULT_MARGIN)).to.equal((109n * WAD) / 10n);
    expect(await h.requirementPerUnit(false, 1n, spot, false, DEFAULT_MARGIN)).to.equal(2n); // 1 + ⌈0.09⌉
  });
});

describe("OptionMarginLib max solvent fraction (audit OPT-04)", () => {
  it("is the share that restores maintenance, rounded up; 0 when healthy, 1 when a bid pays nothing", async () => {
    const h = await loadFixture(harness);
    // cash 310, mark 130, maintenance 320, bid 95%, fee 10%: f* = 10 / (10 + 180 x 0.855) = 10 / 163.9
    const f = await h.maxSolventFraction(310n * WAD, 130n * WAD, 320n * WAD, 9_500n, 1_000n);
    expect(f).to.equal((10n * WAD * 10_000n + 1_639_000n - 1n) / 1_639_000n);
    // After a bid of f: the account meets maintenance (cash and requirement both scale by 1 − f).
    const cashAfter = (310n * WAD * (WAD - f)) / WAD + (((180n * WAD * f) / WAD) * 8_550n) / 10_000n;
    expect(cashAfter).to.be.at.least((320n * WAD * (WAD - f)) / WAD);
    expect(await h.maxSolventFraction(320n * WAD, 130n * WAD, 320n * WAD, 9_500n, 1_000n)).to.equal(0n);
    expect(await h.maxSolventFraction(310n * WAD, 130n * WAD, 320n * WAD, 0n, 1_000n)).to.equal(WAD);
    expect(await h.maxSolventFraction(100n * WAD, 130n * WAD, 320n * WAD, 9_500n, 1_000n)).to.equal(WAD);
  });
});
