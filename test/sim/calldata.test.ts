import { expect } from "chai";
import { AbiCoder, Interface, Result, getAddress, hexlify, randomBytes, type ParamType } from "ethers";
import { decodeArgs, decodeBytesArray, decodeResult, encodeCall } from "../../scripts/sim/calldata";
import { Rng } from "../../scripts/sim/random";
import {
  AggregatorV3Interface__factory,
  AtomicLiquidator__factory,
  ConstantProductPool__factory,
  ConstantProductRouter__factory,
  FlashLiquidator__factory,
  LaggedPriceFeed__factory,
  LendingPool__factory,
  RiskLens__factory,
} from "../../typechain-types";

describe("Calldata of the block loop's hot calls (scripts/sim/calldata.ts)", () => {
  const rng = new Rng("calldata-test");
  const address = () => getAddress(hexlify(randomBytes(20)));
  const uint = (bits = 256) => {
    const kind = rng.int(4);
    if (kind === 0) return 0n;
    if (kind === 1) return (1n << BigInt(bits)) - 1n;
    return BigInt(hexlify(randomBytes(bits / 8))) >> BigInt(rng.int(bits));
  };
  const bytes = () => hexlify(randomBytes([0, 1, 31, 32, 33, 64, 100][rng.int(7)]));
  const ATOMIC = AtomicLiquidator__factory.createInterface();
  const POOL = LendingPool__factory.createInterface();
  const ROUTER = ConstantProductRouter__factory.createInterface();
  const FEED = LaggedPriceFeed__factory.createInterface();
  const LENS = RiskLens__factory.createInterface();
  const FLASH = FlashLiquidator__factory.createInterface();

  const cases: [string, Interface, string, () => unknown[]][] = [
    [
      "static words",
      ATOMIC,
      "liquidateAndSell",
      () => [address(), address(), address(), uint(), uint(), address(), uint()],
    ],
    ["static words", POOL, "liquidate", () => [address(), address(), uint(), address(), uint()]],
    ["static words", ROUTER, "swapExactTokensForTokens", () => [address(), address(), uint(), 0, address(), uint()]],
    ["a signed word", FEED, "submit", () => [(rng.int(2) ? -1n : 1n) * (uint(255) >> 1n), uint()]],
    [
      "an address array",
      LENS,
      "rawPositions",
      () => [address(), address(), Array.from({ length: rng.int(5) }, address)],
    ],
    [
      "address[] and bytes[]",
      LENS,
      "reads",
      () => {
        const n = rng.int(6);
        return [Array.from({ length: n }, address), Array.from({ length: n }, bytes)];
      },
    ],
    [
      "a struct (ethers' coder)",
      FLASH,
      "liquidateWithFlashSwap",
      () => [[address(), address(), address(), uint()], address(), uint(), address()],
    ],
    ["no arguments", POOL, "totals", () => []],
  ];
  for (const [what, iface, fn, args] of cases) {
    it(`${fn}: ${what}, the same bytes as ethers' encodeFunctionData on 200 random argument lists`, () => {
      for (let i = 0; i < 200; i++) {
        const a = args();
        expect(
          encodeCall(iface, fn, a),
          JSON.stringify(a, (_, v) => (typeof v === "bigint" ? v.toString() : v)),
        ).to.equal(iface.encodeFunctionData(fn, a));
      }
    });
  }

  /** What a call gives: its bytes, or the message of the error it throws. */
  const outcome = (f: () => string): string => {
    try {
      return f();
    } catch (e) {
      return `error: ${(e as Error).message}`;
    }
  };

  it("gives ethers' bytes or ethers' error for every other input: other representations, bad addresses, out of range", () => {
    const [a, p, c] = [address(), address(), address()];
    // A checksummed address with one letter's case flipped: a wrong checksum.
    const good = "0x52908400098527886E0F7030069857D2E4169EE7";
    const bad = good.replace("E0F", "e0F");
    const inputs: [Interface, string, unknown[]][] = [
      [POOL, "liquidate", [a.toLowerCase(), c, 1n, p, 0n]],
      [POOL, "liquidate", [good, c, 1n, p, 0n]],
      [POOL, "liquidate", [bad, c, 1n, p, 0n]],
      [POOL, "liquidate", [a.slice(0, 40), c, 1n, p, 0n]],
      [POOL, "liquidate", [a, c, -1n, p, 0n]],
      [POOL, "liquidate", [a, c, 1n << 256n, p, 0n]],
      [POOL, "liquidate", [a, c, 1.5, p, 0n]],
      [POOL, "liquidate", [a, c, "0x10", p, "12"]],
      [POOL, "liquidate", [a, c, 2 ** 60, p, 0n]],
      [POOL, "liquidate", [a, c, 1n, p]],
      [FEED, "submit", [1n << 255n, 0n]],
      [FEED, "submit", [-(1n << 255n), 0n]],
      [LENS, "reads", [[a], ["0x123"]]],
      [LENS, "reads", [[a], [randomBytes(3)]]],
      [LENS, "reads", [a, []]],
    ];
    for (const [iface, fn, args] of inputs) {
      const label = `${fn}(${args.map(String).join(", ")})`;
      expect(
        outcome(() => encodeCall(iface, fn, args)),
        label,
      ).to.equal(outcome(() => iface.encodeFunctionData(fn, args)));
    }
    expect(outcome(() => encodeCall(POOL, "liquidate", [bad, c, 1n, p, 0n]))).to.match(/bad address checksum/);
    expect(() => encodeCall(POOL, "noSuchFunction", [])).to.throw();
  });

  it("decodes a bytes[] return value and a function's outputs as ethers does", () => {
    const coder = AbiCoder.defaultAbiCoder();
    for (let i = 0; i < 200; i++) {
      const xs = Array.from({ length: rng.int(6) }, bytes);
      const data = coder.encode(["bytes[]"], [xs]);
      expect(decodeBytesArray(data)).to.deep.equal(xs);
    }
    const data = coder.encode(["uint256", "uint256", "uint256", "uint256", "uint256"], [1n, 2n, 3n, 4n, 5n]);
    expect(decodeResult(POOL, "totals", data)).to.deep.equal(POOL.decodeFunctionResult("totals", data));
    expect(() => decodeBytesArray(coder.encode(["uint256"], [1n << 200n]))).to.throw(/out of range/);
  });

  /** A Result as plain values and, where every member is named, by name (so that a name out of place shows). */
  const plain = (r: unknown): unknown => {
    if (!(r instanceof Result)) return r;
    const values = [...r].map(plain);
    let named: unknown = null;
    try {
      named = Object.fromEntries(Object.entries(r.toObject()).map(([k, v]) => [k, plain(v)]));
    } catch {
      // some member has no name
    }
    return { values, named };
  };
  /** A random value of an ABI type (static words and structs of them, arrays of words). */
  const valueOf = (p: ParamType): unknown => {
    if (p.baseType === "tuple") return p.components!.map(valueOf);
    if (p.baseType === "array") return Array.from({ length: rng.int(4) }, () => valueOf(p.arrayChildren!));
    if (p.type === "address") return address();
    if (p.type === "bool") return rng.int(2) === 1;
    const m = /^(u?)int(\d*)$/.exec(p.type);
    if (m) {
      const bits = Number(m[2] || 256);
      return m[1] ? uint(bits) : uint(bits - 1) * (rng.int(2) ? -1n : 1n);
    }
    const b = /^bytes(\d+)$/.exec(p.type);
    if (b) return hexlify(randomBytes(Number(b[1])));
    throw new Error(`no random value for ${p.type}`);
  };
  const POOL_AMM = ConstantProductPool__factory.createInterface();
  const FEED_V3 = AggregatorV3Interface__factory.createInterface();
  const outputs: [Interface, string][] = [
    [POOL, "totals"],
    [POOL, "collateralConfig"],
    [POOL, "marketConfig"],
    [POOL_AMM, "getReserves"],
    [POOL_AMM, "token0"],
    [POOL_AMM, "balanceOf"],
    [FEED_V3, "latestRoundData"],
    [FEED, "nextVisibleAt"],
    [LENS, "rawPositions"],
  ];
  for (const [iface, fn] of outputs) {
    it(`decodes ${fn}'s return data as ethers' decodeFunctionResult does (200 random values)`, () => {
      const f = iface.getFunction(fn)!;
      for (let i = 0; i < 200; i++) {
        const data = AbiCoder.defaultAbiCoder().encode(f.outputs, f.outputs.map(valueOf));
        expect(plain(decodeResult(iface, fn, data))).to.deep.equal(plain(iface.decodeFunctionResult(fn, data)));
      }
    });
  }

  for (const [iface, fn] of [
    [ATOMIC, "liquidateAndSell"],
    [FLASH, "liquidateWithFlashSwap"],
    [LENS, "rawPositions"],
  ] as [Interface, string][]) {
    it(`decodes ${fn}'s calldata as ethers' decodeFunctionData does (200 random argument lists)`, () => {
      const f = iface.getFunction(fn)!;
      for (let i = 0; i < 200; i++) {
        const data = iface.encodeFunctionData(fn, f.inputs.map(valueOf));
        expect(plain(decodeArgs(iface, fn, data))).to.deep.equal(plain(iface.decodeFunctionData(fn, data)));
      }
    });
  }

  it("leaves to ethers what it would not decode cleanly: an address word with high bits, short data, another selector", () => {
    const word = (x: bigint) => x.toString(16).padStart(64, "0");
    const dirty = "0x" + word((1n << 200n) + 5n);
    expect(() => [...decodeResult(POOL_AMM, "token0", dirty)]).to.throw();
    expect(() => [...POOL_AMM.decodeFunctionResult("token0", dirty)]).to.throw();
    expect(() => decodeResult(POOL, "totals", "0x" + word(1n))).to.throw();
    // Not whole words: ethers' own error ("invalid length for result data")
    const odd = "0x" + word(7n) + "00";
    expect(outcome(() => String(decodeResult(POOL_AMM, "balanceOf", odd)))).to.equal(
      outcome(() => String(POOL_AMM.decodeFunctionResult("balanceOf", odd))),
    );
    expect(outcome(() => String(decodeResult(POOL_AMM, "balanceOf", odd)))).to.match(/invalid length/);
    const data = ATOMIC.encodeFunctionData("liquidateAndSell", [
      address(),
      address(),
      address(),
      1n,
      2n,
      address(),
      3n,
    ]);
    expect(() => decodeArgs(ATOMIC, "liquidateAndSell", "0x12345678" + data.slice(10))).to.throw();
    expect(() => decodeArgs(ATOMIC, "liquidateAndSell", data.slice(0, 100))).to.throw();
  });
});
