import { expect } from "chai";
import hre from "hardhat";
import { bridgeParams, type BridgeParams } from "../../scripts/chains/bridge-params";
import { bridgeLedger } from "../../scripts/chains/bridge-ledger";
import { runBridge } from "../../scripts/chains/bridge-run";
import { ACCOUNT, deployBridgeWorld, type BridgeWorld } from "../../scripts/chains/bridge-world";
import { ChainSet } from "../../scripts/chains/chain-set";
import { DepegTrader } from "../../scripts/chains/depeg-trader";
import { Relayer } from "../../scripts/chains/relayer";
import { WrappedFeedUpdater } from "../../scripts/chains/wrapped-feed";
import { TWO_CHAINS } from "./helpers";

const UNIT = 10n ** 18n;

async function world(p: Partial<BridgeParams>): Promise<{ w: BridgeWorld; relayer: Relayer }> {
  const set = await ChainSet.create(hre, TWO_CHAINS, { setupSeconds: 200 });
  const w = await deployBridgeWorld(set, bridgeParams(p));
  const user = w.signers.home[ACCOUNT.firstUser];
  await w.home.settle(w.asset.mint(user.address, 1_000n * UNIT));
  await w.home.settle(w.asset.connect(user).approve(await w.vault.getAddress(), 2n ** 255n));
  return { w, relayer: await Relayer.start(w) };
}

/** Sends `n` locks of `amount` from the first user (they wait in the home chain's mempool). */
async function lockMany(w: BridgeWorld, n: number, amount: bigint) {
  const user = w.signers.home[ACCOUNT.firstUser];
  for (let i = 0; i < n; i++) {
    await w.vault.connect(user).lock(amount, user.address, { gasLimit: 200_000n });
  }
}

describe("chains/bridge run (two chains, relayer)", () => {
  it("delivers a lock after delayBlocks home blocks, in the next remote block: 2 x 12 s + 2 s", async () => {
    const { w, relayer } = await world({ delayBlocks: 2 });
    await lockMany(w, 1, 5n * UNIT);
    await runBridge(w, relayer, [], w.set.start + 60);
    expect(relayer.delivered).to.have.length(1);
    const d = relayer.delivered[0];
    expect(d.time - d.message.sourceTime).to.equal(26);
    expect(await w.wrapped.balanceOf(w.signers.remote[ACCOUNT.firstUser].address)).to.equal(5n * UNIT);
  });

  it("delivers at most maxMessagesPerBlock per remote block; books balance after every tick", async () => {
    const { w, relayer } = await world({ delayBlocks: 1, maxMessagesPerBlock: 3 });
    await lockMany(w, 10, UNIT);
    const checks: boolean[] = [];
    await runBridge(w, relayer, [], w.set.start + 40, async () => {
      const l = await bridgeLedger(w);
      checks.push(l.conserved);
      expect(l.inFlightOut).to.equal(relayer.inFlight().out);
    });
    const perBlock = new Map<number, number>();
    for (const d of relayer.delivered) perBlock.set(d.block, (perBlock.get(d.block) ?? 0) + 1);
    expect([...perBlock.values()]).to.deep.equal([3, 3, 3, 1]);
    expect(checks.every(Boolean)).to.equal(true);
  });

  it("a halt keeps messages in flight (books still balance) and delivers them when it ends", async () => {
    const { w, relayer } = await world({ delayBlocks: 1, halt: { fromSec: 0, untilSec: 60 } });
    await lockMany(w, 2, 3n * UNIT);
    await runBridge(w, relayer, [], w.set.start + 58);
    const during = await bridgeLedger(w);
    expect(relayer.delivered).to.have.length(0);
    expect(during.inFlightOut).to.equal(6n * UNIT);
    expect(during.conserved).to.equal(true);
    await runBridge(w, relayer, [], w.set.start + 64);
    expect(relayer.delivered).to.have.length(2);
    expect(relayer.delivered[0].time).to.equal(w.set.start + 60);
    const after = await bridgeLedger(w);
    expect(after.inFlightOut).to.equal(0n);
    expect(after.conserved).to.equal(true);
  });

  it("at-least-once delivery: every message sent twice, minted once", async () => {
    const { w, relayer } = await world({ delayBlocks: 1, duplicateDelivery: true });
    const supplyBefore = await w.wrapped.totalSupply();
    await lockMany(w, 4, 2n * UNIT);
    await runBridge(w, relayer, [], w.set.start + 30);
    expect(relayer.delivered).to.have.length(4);
    expect(relayer.duplicatesRefused).to.equal(4);
    expect((await w.wrapped.totalSupply()) - supplyBefore).to.equal(8n * UNIT);
    expect((await bridgeLedger(w)).conserved).to.equal(true);
  });

  it("a mint over the per-block cap goes back in the queue and lands in a later block", async () => {
    const { w, relayer } = await world({ delayBlocks: 1, maxMintPerBlock: 5 });
    await lockMany(w, 3, 3n * UNIT);
    await runBridge(w, relayer, [], w.set.start + 40);
    expect(relayer.retries).to.be.greaterThan(0);
    expect(relayer.delivered).to.have.length(3);
    expect(new Set(relayer.delivered.map((d) => d.block)).size).to.equal(3);
  });

  it("burn on the remote, release at home: the way back is relayed too", async () => {
    const { w, relayer } = await world({ delayBlocks: 1 });
    const trader = w.signers.remote[ACCOUNT.trader];
    const homeTrader = w.signers.home[ACCOUNT.trader];
    await w.minter.connect(trader).burnForRelease(7n * UNIT, homeTrader.address, { gasLimit: 200_000n });
    await runBridge(w, relayer, [], w.set.start + 40);
    expect(relayer.delivered.map((d) => d.message.direction)).to.deep.equal(["back"]);
    expect(await w.asset.balanceOf(homeTrader.address)).to.equal(7n * UNIT);
    expect((await bridgeLedger(w)).conserved).to.equal(true);
  });

  it("an impaired bridge depegs the wrapped asset; the par feed does not see it, the market feed does", async () => {
    for (const wrappedFeed of ["par", "market"] as const) {
      const { w, relayer } = await world({
        halt: { fromSec: 0, untilSec: 40 },
        depegDiscount: 0.22,
        depegMaxTradePerBlock: 100,
        wrappedFeed,
      });
      const trader = new DepegTrader(w);
      const feed = new WrappedFeedUpdater(w);
      await runBridge(w, relayer, [trader, feed], w.set.start + 38);
      const [, answer] = await w.feed.latestRoundData();
      const price = Number(answer) / 1e8;
      if (wrappedFeed === "par") expect(price).to.equal(2_000);
      else expect(price).to.be.within(1_559, 1_562);
      expect(trader.sold).to.be.greaterThan(0n);
      // The bridge works again: arbitrage buys the wrapped asset back toward par.
      await runBridge(w, relayer, [trader, feed], w.set.start + 120);
      expect(trader.bought).to.be.greaterThan(0n);
      const [, after] = await w.feed.latestRoundData();
      expect(Number(after) / 1e8).to.be.greaterThan(wrappedFeed === "par" ? 1_999 : 1_900);
    }
  });
});
