import { expect } from "chai";
import hre from "hardhat";
import { Chain, gwei, type PendingTx } from "../../scripts/sim/chain";
import { Rng } from "../../scripts/sim/random";

/** The pending block as followed on this side must be the node's, transaction for transaction, whenever it answers. */
describe("MempoolModel (the pending block without the node building it)", function () {
  this.timeout(120_000);

  it("lists the node's pending block across sends, replacements, nonce gaps, drops, full blocks and base fees", async () => {
    const chain = new Chain(hre.network.provider);
    const signers = (await hre.ethers.getSigners()).slice(0, 6);
    const to = signers[7 % signers.length].address;
    const rng = new Rng("mempool-model");
    const snapshot = await chain.send<string>("evm_snapshot");
    await chain.setAutomine(false);
    let answered = 0;
    let compared = 0;
    // Senders 0-2 leave the nonce to the node; senders 3-5 set it (the next, a replacement, or one ahead: a gap).
    const held = new Map<string, Map<number, { hash: string; fee: bigint; maxFee: bigint }>>();
    const heldBy = (a: string) => held.get(a) ?? held.set(a, new Map()).get(a)!;
    try {
      for (let step = 0; step < 160; step++) {
        const r = rng.int(100);
        const k = rng.int(signers.length);
        const who = signers[k];
        const tip = gwei(1 + rng.int(5));
        const data = "0x" + rng.int(1_000_000).toString(16).padStart(8, "0");
        if (r < 55 && k < 3) {
          await chain.sendTransaction({
            from: who.address,
            to,
            data,
            gasLimit: 30_000 + rng.int(4) * 10_000,
            maxFeePerGas: gwei(200),
            maxPriorityFeePerGas: tip,
          });
        } else if (r < 55) {
          const latest = Number(await chain.send<string>("eth_getTransactionCount", [who.address, "latest"]));
          const mine = heldBy(who.address);
          for (const n of [...mine.keys()]) if (n < latest) mine.delete(n);
          let next = latest;
          while (mine.has(next)) next += 1;
          const pick = rng.int(10);
          const nonce = pick < 3 && mine.size ? [...mine.keys()][rng.int(mine.size)] : pick === 9 ? next + 1 : next;
          const old = mine.get(nonce);
          const fee = old ? (old.fee * 12n) / 10n + 1n : tip;
          const maxFee = old ? (old.maxFee * 12n) / 10n + 1n : gwei(200);
          const hash = await chain.sendTransaction({
            from: who.address,
            to,
            data,
            gasLimit: 40_000,
            maxFeePerGas: maxFee,
            maxPriorityFeePerGas: fee,
            nonce,
          });
          mine.set(nonce, { hash, fee, maxFee });
        } else if (r < 62) {
          // A signer's send (fields filled by ethers and the node).
          await signers[rng.int(3)].sendTransaction({
            to,
            data,
            gasLimit: 50_000,
            maxFeePerGas: gwei(150),
            maxPriorityFeePerGas: tip,
          });
        } else if (r < 68) {
          const pending = await chain.pendingFromNode();
          if (pending.length) {
            const h = pending[rng.int(pending.length)].hash;
            await chain.send("hardhat_dropTransaction", [h]);
            for (const m of held.values()) for (const [n, x] of m) if (x.hash === h) m.delete(n);
          }
        } else if (r < 72) {
          await chain.setNextBaseFee(gwei(1 + rng.int(220)));
        } else if (r < 82) {
          // Blocks sometimes too small for the whole mempool: transactions left over.
          await chain.setBlockGasLimit(rng.int(3) ? 30_000_000 : 120_000);
          await chain.mine();
        }
        const known: PendingTx[] | null = await chain.pendingKnown();
        const node = await chain.pendingFromNode();
        if (known) {
          answered += 1;
          expect(known).to.deep.equal(
            node.map((t) => ({ ...t, hash: t.hash.toLowerCase(), input: t.input.toLowerCase() })),
          );
        }
        compared += 1;
      }
      expect(compared).to.equal(160);
      // The model answers most of the time (it declines on gaps, leftovers until checked, base fees above a max fee).
      expect(answered).to.be.greaterThan(60);
    } finally {
      await chain.setAutomine(true);
      await chain.send("evm_revert", [snapshot]);
    }
  });
});
