/**
 * Calldata and return data for the block loop's hot calls, byte for byte what ethers' `Interface` gives
 * (`encodeFunctionData`, `decodeFunctionResult`) without its per-call work: ethers finds the function by name and
 * hashes its signature for the selector on every call, and checks every address's checksum (a keccak each). Here the
 * function and its selector are looked up once per (interface, name); a function whose inputs are all static words
 * (address, uintN, intN, bool, bytesN) is encoded word by word, with the same range and address checks; anything
 * else goes through ethers' own coder. Return data and calldata made of static words (and structs of them) are decoded
 * the same way, into the Result ethers gives. Tested against ethers on random arguments (test/sim/calldata.test.ts).
 */
import { Result, getAddress, type FunctionFragment, type Interface, type ParamType } from "ethers";

/** A word's hex (64 digits), or NOT_HERE thrown for a value ethers should encode. */
type WordEncoder = (value: unknown) => string;

/** One input's encoding: a static word, or the tail a head word points at (`dynamic`). */
interface ParamEncoder {
  dynamic: boolean;
  encode: (value: unknown) => string;
}

interface Compiled {
  fragment: FunctionFragment;
  selector: string;
  /** Per input, its encoder; null when some input is of a type not handled here (ethers' coder then). */
  params: ParamEncoder[] | null;
  /** Decoders of the outputs and inputs, made at first use (null: ethers' decoder). */
  outputs?: StaticDecoder | null;
  inputs?: StaticDecoder | null;
}

const COMPILED = new WeakMap<Interface, Map<string, Compiled>>();

function compiled(iface: Interface, fn: string): Compiled {
  let byName = COMPILED.get(iface);
  if (!byName) COMPILED.set(iface, (byName = new Map()));
  let c = byName.get(fn);
  if (!c) {
    const fragment = iface.getFunction(fn);
    if (!fragment) throw new Error(`no function ${fn} in the interface`);
    const params = fragment.inputs.map((p) => paramEncoder(p.type));
    c = {
      fragment,
      selector: fragment.selector,
      params: params.every((w): w is ParamEncoder => w !== null) ? params : null,
    };
    byName.set(fn, c);
  }
  return c;
}

/**
 * A value the encoders here leave to ethers (another representation, out of range, malformed): ethers then encodes the
 * whole call, giving its own bytes or its own error.
 */
const NOT_HERE = Symbol("not here");

/** `iface.encodeFunctionData(fn, args)`: the same bytes, or the same error. */
export function encodeCall(iface: Interface, fn: string, args: readonly unknown[] = []): string {
  const c = compiled(iface, fn);
  if (!c.params || args.length !== c.params.length) return iface.encodeFunctionData(c.fragment, args);
  try {
    return c.selector + encodeParams(c.params, args);
  } catch (e) {
    if (e === NOT_HERE) return iface.encodeFunctionData(c.fragment, args);
    throw e;
  }
}

/** The ABI encoding of `values` (no selector): heads, then the tails of the dynamic ones in order. */
function encodeParams(params: readonly ParamEncoder[], values: readonly unknown[]): string {
  let head = "";
  let tail = "";
  const headBytes = 32 * params.length;
  for (let i = 0; i < params.length; i++) {
    const enc = params[i].encode(values[i]);
    if (!params[i].dynamic) head += enc;
    else {
      head += word(BigInt(headBytes + tail.length / 2));
      tail += enc;
    }
  }
  return head + tail;
}

function word(x: bigint): string {
  return x.toString(16).padStart(64, "0");
}

/** Encoders for a static word type, an array of them, `bytes` and `bytes[]`; null for any other type. */
function paramEncoder(type: string): ParamEncoder | null {
  const w = wordEncoder(type);
  if (w) return { dynamic: false, encode: w };
  if (type === "bytes") return { dynamic: true, encode: bytesTail };
  if (type === "bytes[]") {
    const each: ParamEncoder = { dynamic: true, encode: bytesTail };
    return {
      dynamic: true,
      encode: (v) =>
        word(BigInt(arrayOf(v).length)) +
        encodeParams(
          arrayOf(v).map(() => each),
          arrayOf(v),
        ),
    };
  }
  const m = /^(.+)\[\]$/.exec(type);
  const item = m ? wordEncoder(m[1]) : null;
  if (!item) return null;
  return {
    dynamic: true,
    encode: (v) => {
      const xs = arrayOf(v);
      let out = word(BigInt(xs.length));
      for (const x of xs) out += item(x);
      return out;
    },
  };
}

function arrayOf(v: unknown): readonly unknown[] {
  if (!Array.isArray(v)) throw NOT_HERE;
  return v;
}

/** `bytes`: its length, then its bytes padded to whole words. */
function bytesTail(v: unknown): string {
  if (typeof v !== "string" || !/^0x([0-9a-fA-F]{2})*$/.test(v)) throw NOT_HERE;
  const hex = v.slice(2).toLowerCase();
  const padded = Math.ceil(hex.length / 64) * 64;
  return word(BigInt(hex.length / 2)) + hex.padEnd(padded, "0");
}

/** A `bytes[]` return value (the whole return data), as ethers decodes it: lowercase hex strings. */
export function decodeBytesArray(data: string): string[] {
  const hex = data.startsWith("0x") ? data.slice(2) : data;
  const at = (byte: number) => {
    const x = BigInt("0x" + hex.slice(byte * 2, byte * 2 + 64));
    if (x > BigInt(hex.length / 2)) throw new Error("bytes[]: offset out of range");
    return Number(x);
  };
  const base = at(0);
  const n = at(base);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const start = base + 32 + at(base + 32 + 32 * i);
    const len = at(start);
    if (2 * (start + 32 + len) > hex.length) throw new Error("bytes[]: element out of range");
    out.push("0x" + hex.slice(2 * (start + 32), 2 * (start + 32 + len)));
  }
  return out;
}

/** `iface.decodeFunctionResult(fn, data)`, the same Result (for data a call returned successfully). */
export function decodeResult(iface: Interface, fn: string, data: string): Result {
  const c = compiled(iface, fn);
  c.outputs ??= staticDecoder(c.fragment.outputs);
  const hex = data.startsWith("0x") ? data.slice(2) : data;
  // Whole words only (ethers refuses anything else: "invalid length for result data")
  if (c.outputs && hex.length % 64 === 0 && /^[0-9a-fA-F]*$/.test(hex)) {
    const out = c.outputs.decode(hex, 0);
    if (out !== DIRTY) return out as Result;
  }
  return iface.decodeFunctionResult(c.fragment, data);
}

/**
 * A function call's arguments decoded from its calldata (`iface.decodeFunctionData(fn, data)`, the same Result) when
 * every input is a static word or a struct of them; else ethers' decoder.
 */
export function decodeArgs(iface: Interface, fn: string, data: string): Result {
  const c = compiled(iface, fn);
  if (data.slice(0, 10).toLowerCase() !== c.selector) return iface.decodeFunctionData(c.fragment, data); // ethers' error
  c.inputs ??= staticDecoder(c.fragment.inputs);
  const hex = data.slice(10);
  if (c.inputs && hex.length % 2 === 0 && /^[0-9a-fA-F]*$/.test(hex)) {
    const out = c.inputs.decode(hex, 0);
    if (out !== DIRTY) return out as Result;
  }
  return iface.decodeFunctionData(c.fragment, data);
}

/** A word ethers would not decode as a clean value (an address with high bits set, data too short): its turn then. */
const DIRTY = Symbol("dirty");

interface StaticDecoder {
  words: number;
  /** The value at word `at` of `hex` (no 0x), or DIRTY. */
  decode: (hex: string, at: number) => unknown;
}

/** A decoder of static words and structs of them into ethers' Result (names as keys); null for any other type. */
function staticDecoder(params: readonly ParamType[]): StaticDecoder | null {
  const parts: StaticDecoder[] = [];
  for (const p of params) {
    const d = p.baseType === "tuple" && p.components ? staticDecoder(p.components) : wordDecoder(p.type);
    if (!d) return null;
    parts.push(d);
  }
  const keys = params.map((p) => p.name || null);
  const words = parts.reduce((a, d) => a + d.words, 0);
  return {
    words,
    decode: (hex, at) => {
      if (hex.length < 64 * (at + words)) return DIRTY;
      const values: unknown[] = [];
      let w = at;
      for (const d of parts) {
        const v = d.decode(hex, w);
        if (v === DIRTY) return DIRTY;
        values.push(v);
        w += d.words;
      }
      return Result.fromItems(values, keys);
    },
  };
}

/** Checksummed addresses by their lower-case hex (decoded addresses repeat: a run's accounts and contracts). */
const CHECKSUMMED = new Map<string, string>();

function wordDecoder(type: string): StaticDecoder | null {
  const one = (f: (word: string) => unknown): StaticDecoder => ({
    words: 1,
    decode: (hex, at) => f(hex.slice(64 * at, 64 * at + 64).toLowerCase()),
  });
  if (type === "address") {
    return one((w) => {
      if (!w.startsWith("000000000000000000000000")) return DIRTY;
      const lower = w.slice(24);
      let a = CHECKSUMMED.get(lower);
      if (a === undefined) {
        a = getAddress("0x" + lower);
        if (CHECKSUMMED.size > 100_000) CHECKSUMMED.clear();
        CHECKSUMMED.set(lower, a);
      }
      return a;
    });
  }
  if (type === "bool") return one((w) => BigInt("0x" + w) !== 0n);
  let m = /^uint(\d*)$/.exec(type);
  if (m) {
    const mask = (1n << BigInt(m[1] === "" ? 256 : Number(m[1]))) - 1n;
    return one((w) => BigInt("0x" + w) & mask);
  }
  m = /^int(\d*)$/.exec(type);
  if (m) {
    const bits = BigInt(m[1] === "" ? 256 : Number(m[1]));
    const mask = (1n << bits) - 1n;
    const half = 1n << (bits - 1n);
    return one((w) => {
      const x = BigInt("0x" + w) & mask;
      return x >= half ? x - (1n << bits) : x;
    });
  }
  m = /^bytes(\d+)$/.exec(type);
  if (m) {
    const n = Number(m[1]);
    return one((w) => "0x" + w.slice(0, 2 * n));
  }
  return null;
}

const HEX_ADDRESS = /^0x[0-9a-fA-F]{40}$/;
/** Addresses already checked (checksum included): a run names a few hundred accounts, again and again. */
const CHECKED = new Map<string, string>();

function addressWord(value: unknown): string {
  if (typeof value !== "string") throw NOT_HERE;
  let lower = CHECKED.get(value);
  if (lower === undefined) {
    // A malformed address or a wrong checksum: ethers' own error (an ENS name too: ethers would resolve it)
    if (!HEX_ADDRESS.test(value)) throw NOT_HERE;
    try {
      lower = getAddress(value).slice(2).toLowerCase();
    } catch {
      throw NOT_HERE;
    }
    if (CHECKED.size > 100_000) CHECKED.clear();
    CHECKED.set(value, lower);
  }
  return "000000000000000000000000" + lower;
}

/** A bigint, or a number that is a safe integer; anything else (strings, Typed values, …) is ethers' to read. */
function toBig(value: unknown): bigint {
  if (typeof value === "bigint") return value;
  if (typeof value === "number" && Number.isSafeInteger(value)) return BigInt(value);
  throw NOT_HERE;
}

/** A word's encoder for a static word type (address, bool, uintN, intN, bytesN); null for any other type. */
function wordEncoder(type: string): WordEncoder | null {
  if (type === "address") return addressWord;
  if (type === "bool") {
    return (v) => {
      if (typeof v !== "boolean") throw NOT_HERE;
      return (v ? "1" : "0").padStart(64, "0");
    };
  }
  let m = /^uint(\d*)$/.exec(type);
  if (m) {
    const bits = BigInt(m[1] === "" ? 256 : Number(m[1]));
    const max = 1n << bits;
    return (v) => {
      const x = toBig(v);
      if (x < 0n || x >= max) throw NOT_HERE;
      return x.toString(16).padStart(64, "0");
    };
  }
  m = /^int(\d*)$/.exec(type);
  if (m) {
    const bits = BigInt(m[1] === "" ? 256 : Number(m[1]));
    const half = 1n << (bits - 1n);
    return (v) => {
      const x = toBig(v);
      if (x < -half || x >= half) throw NOT_HERE;
      return (x < 0n ? (1n << 256n) + x : x).toString(16).padStart(64, "0");
    };
  }
  m = /^bytes(\d+)$/.exec(type);
  if (m) {
    const n = Number(m[1]);
    return (v) => {
      if (typeof v !== "string" || !/^0x[0-9a-fA-F]*$/.test(v) || v.length !== 2 + 2 * n) throw NOT_HERE;
      return v.slice(2).toLowerCase().padEnd(64, "0");
    };
  }
  return null;
}
