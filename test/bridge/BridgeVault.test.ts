import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { bridgeFixture, messageId, REMOTE_CHAIN_ID, UNIT } from "./fixtures";

describe("bridge/BridgeVault", () => {
  it("locks: takes the tokens, numbers the message, counts the total", async () => {
    const { vault, token, alice, bob } = await loadFixture(bridgeFixture);
    await expect(vault.connect(alice).lock(5n * UNIT, bob.address))
      .to.emit(vault, "Locked")
      .withArgs(0n, alice.address, bob.address, 5n * UNIT);
    await expect(vault.connect(bob).lock(2n * UNIT, bob.address))
      .to.emit(vault, "Locked")
      .withArgs(1n, bob.address, bob.address, 2n * UNIT);
    expect(await token.balanceOf(await vault.getAddress())).to.equal(7n * UNIT);
    expect(await vault.totalLocked()).to.equal(7n * UNIT);
    expect(await vault.nextNonce()).to.equal(2n);
  });

  it("refuses a zero lock, a zero recipient, and a lock the sender cannot pay", async () => {
    const { vault, alice, mallory } = await loadFixture(bridgeFixture);
    await expect(vault.connect(alice).lock(0n, alice.address)).to.be.revertedWithCustomError(vault, "ZeroAmount");
    await expect(vault.connect(alice).lock(1n, ethers.ZeroAddress)).to.be.revertedWithCustomError(vault, "ZeroAddress");
    await expect(vault.connect(mallory).lock(1n, mallory.address)).to.be.reverted;
    expect(await vault.nextNonce()).to.equal(0n);
  });

  it("releases a relayed burn once: the same remote nonce a second time reverts with its message id", async () => {
    const { vault, minter, token, relayer, alice, bob } = await loadFixture(bridgeFixture);
    await vault.connect(alice).lock(10n * UNIT, alice.address);
    const id = messageId(REMOTE_CHAIN_ID, await minter.getAddress(), 0n);
    await expect(vault.connect(relayer).release(0n, bob.address, 4n * UNIT))
      .to.emit(vault, "Released")
      .withArgs(id, 0n, bob.address, 4n * UNIT);
    expect(await token.balanceOf(bob.address)).to.equal(10_004n * UNIT);
    await expect(vault.connect(relayer).release(0n, bob.address, 4n * UNIT))
      .to.be.revertedWithCustomError(vault, "AlreadyProcessed")
      .withArgs(id);
    // A different amount or recipient does not make it a new message.
    await expect(vault.connect(relayer).release(0n, alice.address, 1n)).to.be.revertedWithCustomError(
      vault,
      "AlreadyProcessed",
    );
    expect(await vault.totalReleased()).to.equal(4n * UNIT);
    expect(await vault.processed(id)).to.equal(true);
  });

  it("only the relayer releases, only the admin sets the remote minter", async () => {
    const { vault, alice, mallory } = await loadFixture(bridgeFixture);
    await vault.connect(alice).lock(10n * UNIT, alice.address);
    await expect(vault.connect(mallory).release(0n, mallory.address, UNIT)).to.be.revertedWithCustomError(
      vault,
      "AccessControlUnauthorizedAccount",
    );
    await expect(vault.connect(mallory).setRemoteMinter(mallory.address)).to.be.revertedWithCustomError(
      vault,
      "AccessControlUnauthorizedAccount",
    );
    await expect(vault.setRemoteMinter(ethers.ZeroAddress)).to.be.revertedWithCustomError(vault, "ZeroAddress");
  });

  it("refuses a zero admin or asset and a release to nobody", async () => {
    const { vault, relayer, token, admin } = await loadFixture(bridgeFixture);
    const f = await ethers.getContractFactory("BridgeVault");
    await expect(f.deploy(ethers.ZeroAddress, await token.getAddress(), 1n)).to.be.revertedWithCustomError(
      vault,
      "ZeroAddress",
    );
    await expect(f.deploy(admin.address, ethers.ZeroAddress, 1n)).to.be.revertedWithCustomError(vault, "ZeroAddress");
    await expect(vault.connect(relayer).release(0n, ethers.ZeroAddress, 1n)).to.be.revertedWithCustomError(
      vault,
      "ZeroAddress",
    );
  });
});
