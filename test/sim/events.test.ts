import { expect } from "chai";
import { Interface, type EventFragment } from "ethers";
import { EventDecoder, checksummed, type ContractRole } from "../../scripts/sim/engine/events";
import type { Receipt } from "../../scripts/sim/chain";
import { Rng } from "../../scripts/sim/random";
import {
  ConstantProductPool__factory,
  DutchAuctionLiquidator__factory,
  LendingPool__factory,
  MockERC20__factory,
  OracleManipulator__factory,
} from "../../typechain-types";

/** Every contract whose events the engine decodes, under the role it plays. */
const CONTRACTS: [ContractRole, Interface][] = [
  ["pool", LendingPool__factory.createInterface() as unknown as Interface],
  ["auctions", DutchAuctionLiquidator__factory.createInterface() as unknown as Interface],
  ["amm", ConstantProductPool__factory.createInterface() as unknown as Interface],
  ["debt", MockERC20__factory.createInterface() as unknown as Interface],
  ["manipulator", OracleManipulator__factory.createInterface() as unknown as Interface],
];

/** A random value of a static ABI type (addresses lowercase or checksummed at random, full-range integers). */
function randomValue(type: string, rng: Rng): unknown {
  const hex = (bytes: number) =>
    Array.from({ length: bytes }, () => rng.int(256).toString(16).padStart(2, "0")).join("");
  if (type === "address") {
    const a = "0x" + hex(20);
    return rng.uniform() < 0.5 ? a : checksummed(a);
  }
  if (type === "bool") return rng.uniform() < 0.5;
  const int = /^(u?)int(\d*)$/.exec(type);
  if (int) {
    const bits = Number(int[2] || "256");
    const x = BigInt("0x" + hex(bits / 8));
    return int[1] ? x : BigInt.asIntN(bits, x);
  }
  const bytes = /^bytes(\d+)$/.exec(type);
  if (bytes) return "0x" + hex(Number(bytes[1]));
  throw new Error(`no random value for ${type}`);
}

describe("EventDecoder", () => {
  it("decodes every event of the world's contracts to the same arguments, in the same order, as ethers' parseLog", () => {
    const rng = new Rng("events-test");
    let checked = 0;
    for (const [role, iface] of CONTRACTS) {
      const address = "0x" + (checked + 1).toString(16).padStart(40, "0");
      const decoder = new EventDecoder().add(role, address, iface);
      const fragments: EventFragment[] = [];
      iface.forEachEvent((f) => fragments.push(f));
      // Events with a tuple or dynamic argument go through ethers' own coder: only the static ones are compared.
      const isStatic = (t: string) => t === "address" || t === "bool" || /^u?int\d*$|^bytes\d+$/.test(t);
      for (const f of fragments.filter((x) => x.inputs.every((p) => isStatic(p.type)))) {
        for (let k = 0; k < 5; k++) {
          const values = f.inputs.map((p) => randomValue(p.type, rng));
          const { data, topics } = iface.encodeEventLog(f, values);
          const log = { address, topics, data };
          const receipt: Receipt = {
            hash: "0x",
            blockNumber: 1,
            status: 1,
            gasUsed: 0n,
            effectiveGasPrice: 0n,
            logs: [log],
          };
          const [event] = decoder.decode(receipt);
          const parsed = iface.parseLog(log)!;
          expect(event.name).to.equal(parsed.name);
          expect(event.role).to.equal(role);
          expect(Object.entries(event.args)).to.deep.equal(Object.entries(parsed.args.toObject()));
          checked += 1;
        }
      }
    }
    expect(checked).to.be.greaterThan(50);
  });

  it("skips logs of unknown contracts and events left out by `only`", () => {
    const iface = MockERC20__factory.createInterface() as unknown as Interface;
    const token = "0x00000000000000000000000000000000000000aa";
    const decoder = new EventDecoder().add("debt", token, iface, ["Transfer"]);
    const a = checksummed("0x00000000000000000000000000000000000000bb");
    const transfer = iface.encodeEventLog(iface.getEvent("Transfer")!, [a, a, 5n]);
    const approval = iface.encodeEventLog(iface.getEvent("Approval")!, [a, a, 5n]);
    const receipt: Receipt = {
      hash: "0x",
      blockNumber: 1,
      status: 1,
      gasUsed: 0n,
      effectiveGasPrice: 0n,
      logs: [
        { address: token.toUpperCase().replace("0X", "0x"), ...transfer },
        { address: token, ...approval },
        { address: "0x00000000000000000000000000000000000000cc", ...transfer },
      ],
    };
    const events = decoder.decode(receipt);
    expect(events.map((e) => e.name)).to.deep.equal(["Transfer"]);
    expect(events[0].address).to.equal(token);
    expect(events[0].args).to.deep.equal({ from: a, to: a, value: 5n });
  });

  it("checksums an address as ethers does, whatever its case", () => {
    const lower = "0x52908400098527886e0f7030069857d2e4169ee7";
    expect(checksummed(lower)).to.equal("0x52908400098527886E0F7030069857D2E4169EE7");
    expect(checksummed(lower.toUpperCase().replace("0X", "0x"))).to.equal(checksummed(lower));
  });
});
