import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { Rng } from "../../scripts/sim/random";
import { bridgeFixture, UNIT } from "./fixtures";

interface Message {
  nonce: bigint;
  recipient: string;
  amount: bigint;
}

/**
 * Random locks, relays (some duplicated), burns and releases: after every action the vault holds exactly the wrapped
 * supply plus what is in flight each way (locked and not minted, burned and not released).
 */
describe("bridge/conservation", () => {
  it("locked on the home chain = minted on the remote + in flight, after every step of 200 random actions", async () => {
    const { vault, minter, wrapped, token, relayer, alice, bob } = await loadFixture(bridgeFixture);
    const rng = new Rng("bridge-conservation");
    const users = [alice, bob];
    const toMint: Message[] = [];
    const toRelease: Message[] = [];
    const minted: Message[] = [];
    let duplicatesRefused = 0;
    const vaultAddress = await vault.getAddress();
    for (let step = 0; step < 200; step++) {
      const user = users[rng.int(2)];
      const action = rng.int(4);
      if (action === 0) {
        const amount = BigInt(1 + rng.int(50)) * UNIT;
        const nonce = await vault.nextNonce();
        await vault.connect(user).lock(amount, user.address);
        toMint.push({ nonce, recipient: user.address, amount });
      } else if (action === 1 && toMint.length > 0) {
        const m = toMint.splice(rng.int(toMint.length), 1)[0];
        await minter.connect(relayer).mint(m.nonce, m.recipient, m.amount);
        minted.push(m);
      } else if (action === 2 && minted.length > 0) {
        // A replay of a message already minted: refused, nothing moves.
        const m = minted[rng.int(minted.length)];
        await expect(minter.connect(relayer).mint(m.nonce, m.recipient, m.amount)).to.be.revertedWithCustomError(
          minter,
          "AlreadyProcessed",
        );
        duplicatesRefused++;
      } else if (action === 3) {
        const held = await wrapped.balanceOf(user.address);
        if (held > 0n) {
          const amount = held / 2n + 1n;
          const nonce = await minter.nextNonce();
          await minter.connect(user).burnForRelease(amount, user.address);
          toRelease.push({ nonce, recipient: user.address, amount });
        }
      }
      if (toRelease.length > 0 && rng.uniform() < 0.3) {
        const m = toRelease.shift()!;
        await vault.connect(relayer).release(m.nonce, m.recipient, m.amount);
      }
      const inFlightOut = toMint.reduce((a, m) => a + m.amount, 0n);
      const inFlightBack = toRelease.reduce((a, m) => a + m.amount, 0n);
      expect(await token.balanceOf(vaultAddress)).to.equal((await wrapped.totalSupply()) + inFlightOut + inFlightBack);
      expect((await vault.totalLocked()) - (await vault.totalReleased())).to.equal(await token.balanceOf(vaultAddress));
    }
    expect(duplicatesRefused).to.be.greaterThan(5);
    expect(minted.length).to.be.greaterThan(10);
  });
});
