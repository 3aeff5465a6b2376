import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { inOneBlock } from "../helpers/blocks";
import { bridgeFixture, HOME_CHAIN_ID, messageId, MINT_CAP, UNIT } from "./fixtures";

describe("bridge/BridgeMinter", () => {
  it("mints a relayed lock once: relayed twice, it mints once and the second reverts with the message id", async () => {
    const { vault, minter, wrapped, relayer, bob } = await loadFixture(bridgeFixture);
    const id = messageId(HOME_CHAIN_ID, await vault.getAddress(), 0n);
    await expect(minter.connect(relayer).mint(0n, bob.address, 5n * UNIT))
      .to.emit(minter, "Minted")
      .withArgs(id, 0n, bob.address, 5n * UNIT);
    await expect(minter.connect(relayer).mint(0n, bob.address, 5n * UNIT))
      .to.be.revertedWithCustomError(minter, "AlreadyProcessed")
      .withArgs(id);
    await expect(minter.connect(relayer).mint(0n, relayer.address, 99n * UNIT)).to.be.revertedWithCustomError(
      minter,
      "AlreadyProcessed",
    );
    expect(await wrapped.totalSupply()).to.equal(5n * UNIT);
  });

  it("a message relayed twice in the same block mints once", async () => {
    const { minter, wrapped, relayer, bob } = await loadFixture(bridgeFixture);
    const statuses = await inOneBlock([
      (o) => minter.connect(relayer).mint(3n, bob.address, UNIT, o),
      (o) => minter.connect(relayer).mint(3n, bob.address, UNIT, o),
    ]);
    expect(statuses).to.deep.equal([1, 0]);
    expect(await wrapped.totalSupply()).to.equal(UNIT);
  });

  it("caps what one block mints; the next block starts afresh", async () => {
    const { minter, wrapped, relayer, bob } = await loadFixture(bridgeFixture);
    const statuses = await inOneBlock([
      (o) => minter.connect(relayer).mint(0n, bob.address, MINT_CAP - UNIT, o),
      (o) => minter.connect(relayer).mint(1n, bob.address, 2n * UNIT, o),
      (o) => minter.connect(relayer).mint(2n, bob.address, UNIT, o),
    ]);
    expect(statuses).to.deep.equal([1, 0, 1]);
    expect(await minter.mintedInBlock()).to.equal(MINT_CAP);
    await expect(minter.connect(relayer).mint(1n, bob.address, MINT_CAP)).to.emit(minter, "Minted");
    await expect(minter.connect(relayer).mint(4n, bob.address, MINT_CAP + 1n))
      .to.be.revertedWithCustomError(minter, "MintCapExceeded")
      .withArgs(0n, MINT_CAP + 1n, MINT_CAP);
    expect(await wrapped.totalSupply()).to.equal(2n * MINT_CAP);
  });

  it("a halt stops minting and burning until lifted; only the guardian halts", async () => {
    const { minter, relayer, bob, mallory, admin } = await loadFixture(bridgeFixture);
    await expect(minter.connect(mallory).setHalted(true)).to.be.revertedWithCustomError(
      minter,
      "AccessControlUnauthorizedAccount",
    );
    await expect(minter.connect(admin).setHalted(true)).to.emit(minter, "HaltedSet").withArgs(true);
    await expect(minter.connect(relayer).mint(0n, bob.address, UNIT)).to.be.revertedWithCustomError(
      minter,
      "BridgeHalted",
    );
    await expect(minter.connect(bob).burnForRelease(1n, bob.address)).to.be.revertedWithCustomError(
      minter,
      "BridgeHalted",
    );
    await minter.connect(admin).setHalted(false);
    await expect(minter.connect(relayer).mint(0n, bob.address, UNIT)).to.emit(minter, "Minted");
  });

  it("the admin moves the per-block cap: a lower cap refuses what the old one allowed, 0 stops minting", async () => {
    const { minter, admin, relayer, bob } = await loadFixture(bridgeFixture);
    await expect(minter.connect(admin).setMaxMintPerBlock(UNIT)).to.emit(minter, "MaxMintPerBlockSet").withArgs(UNIT);
    expect(await minter.maxMintPerBlock()).to.equal(UNIT);
    await expect(minter.connect(relayer).mint(0n, bob.address, 2n * UNIT))
      .to.be.revertedWithCustomError(minter, "MintCapExceeded")
      .withArgs(0n, 2n * UNIT, UNIT);
    await minter.connect(admin).setMaxMintPerBlock(0n);
    await expect(minter.connect(relayer).mint(0n, bob.address, 1n)).to.be.revertedWithCustomError(
      minter,
      "MintCapExceeded",
    );
    // The refused message was not used up: delivered once the cap allows it.
    await minter.connect(admin).setMaxMintPerBlock(MINT_CAP);
    await expect(minter.connect(relayer).mint(0n, bob.address, 2n * UNIT)).to.emit(minter, "Minted");
  });

  it("only the relayer mints; only the minter mints or burns the wrapped asset", async () => {
    const { minter, wrapped, mallory, admin } = await loadFixture(bridgeFixture);
    await expect(minter.connect(mallory).mint(0n, mallory.address, UNIT)).to.be.revertedWithCustomError(
      minter,
      "AccessControlUnauthorizedAccount",
    );
    await expect(wrapped.connect(mallory).mint(mallory.address, UNIT))
      .to.be.revertedWithCustomError(wrapped, "NotMinter")
      .withArgs(mallory.address);
    await expect(wrapped.connect(admin).burn(admin.address, 0n)).to.be.revertedWithCustomError(wrapped, "NotMinter");
    await expect(minter.connect(mallory).setMaxMintPerBlock(1n)).to.be.revertedWithCustomError(
      minter,
      "AccessControlUnauthorizedAccount",
    );
    expect(await wrapped.decimals()).to.equal(18n);
    expect(await wrapped.minter()).to.equal(await minter.getAddress());
  });

  it("burns for release: numbers the message, burns the holder's units, refuses zero", async () => {
    const { minter, wrapped, relayer, bob } = await loadFixture(bridgeFixture);
    await minter.connect(relayer).mint(0n, bob.address, 5n * UNIT);
    await expect(minter.connect(bob).burnForRelease(2n * UNIT, bob.address))
      .to.emit(minter, "BurnedForRelease")
      .withArgs(0n, bob.address, bob.address, 2n * UNIT);
    expect(await wrapped.totalSupply()).to.equal(3n * UNIT);
    expect(await minter.nextNonce()).to.equal(1n);
    await expect(minter.connect(bob).burnForRelease(0n, bob.address)).to.be.revertedWithCustomError(
      minter,
      "ZeroAmount",
    );
    await expect(minter.connect(bob).burnForRelease(1n, ethers.ZeroAddress)).to.be.revertedWithCustomError(
      minter,
      "ZeroAddress",
    );
    await expect(minter.connect(bob).burnForRelease(4n * UNIT, bob.address)).to.be.reverted;
  });

  it("refuses zero addresses and zero amounts", async () => {
    const { minter, relayer, admin, vault } = await loadFixture(bridgeFixture);
    await expect(minter.connect(relayer).mint(0n, ethers.ZeroAddress, UNIT)).to.be.revertedWithCustomError(
      minter,
      "ZeroAddress",
    );
    await expect(minter.connect(relayer).mint(0n, admin.address, 0n)).to.be.revertedWithCustomError(
      minter,
      "ZeroAmount",
    );
    const f = await ethers.getContractFactory("BridgeMinter");
    const v = await vault.getAddress();
    for (const args of [
      [ethers.ZeroAddress, admin.address, 1n, v],
      [admin.address, ethers.ZeroAddress, 1n, v],
      [admin.address, admin.address, 1n, ethers.ZeroAddress],
    ] as const) {
      await expect(f.deploy(args[0], args[1], args[2], args[3], "W", "W", 18, 1n)).to.be.revertedWithCustomError(
        minter,
        "ZeroAddress",
      );
    }
  });
});
