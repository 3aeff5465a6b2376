/**
 * Mutation operators over Solidity source text (pure; used by scripts/mutate/run.ts). Each operator finds its sites
 * in code only (comments and string literals are masked first) and yields one mutant per site.
 *
 * | operator | change |
 * |---|---|
 * | `relational` | `<` ↔ `<=`, `>` ↔ `>=` (boundary shifts) |
 * | `equality` | `==` ↔ `!=` |
 * | `arithmetic` | binary `+` ↔ `-`, `*` ↔ `/` |
 * | `assignment` | `+=` ↔ `-=` |
 * | `logical` | `&&` ↔ `\|\|` |
 * | `rounding` | `Up` ↔ `Down` in the rounding helpers (`mulDivUp`, `wMulDown`, `toSharesDown`, ...) |
 * | `guard` | `if (cond) revert E(...)` → `if (false) revert E(...)` (a check removed) |
 * | `modifier` | an access/pause/reentrancy modifier removed from a function header |
 * | `bool` | `true` ↔ `false` |
 */

export interface Mutant {
  /** Path relative to the repository, e.g. contracts/lending/LendingPool.sol. */
  file: string;
  operator: string;
  /** 1-based line of the site. */
  line: number;
  /** Character offset of the replaced text in the file. */
  offset: number;
  original: string;
  replacement: string;
  /** The whole line before and after, trimmed (also the key of equivalent mutants: stable across line moves). */
  before: string;
  after: string;
}

export const OPERATORS = [
  "relational",
  "equality",
  "arithmetic",
  "assignment",
  "logical",
  "rounding",
  "guard",
  "modifier",
  "bool",
] as const;

/** The source with comments and string literals replaced by spaces (same length, same line breaks). */
export function maskNonCode(src: string): string {
  let out = "";
  let i = 0;
  while (i < src.length) {
    const two = src.slice(i, i + 2);
    if (two === "//") {
      while (i < src.length && src[i] !== "\n") {
        out += " ";
        i++;
      }
    } else if (two === "/*") {
      const end = src.indexOf("*/", i + 2);
      const stop = end < 0 ? src.length : end + 2;
      for (; i < stop; i++) out += src[i] === "\n" ? "\n" : " ";
    } else if (src[i] === '"' || src[i] === "'") {
      const q = src[i];
      out += " ";
      i++;
      while (i < src.length && src[i] !== q) {
        if (src[i] === "\\") {
          out += "  ";
          i += 2;
        } else {
          out += src[i] === "\n" ? "\n" : " ";
          i++;
        }
      }
      if (i < src.length) {
        out += " ";
        i++;
      }
    } else {
      out += src[i];
      i++;
    }
  }
  return out.slice(0, src.length);
}

interface Rule {
  operator: (typeof OPERATORS)[number];
  pattern: RegExp;
  /** The replacement for a match, or undefined to skip it (context says it is not the operator). */
  replace: (match: RegExpExecArray, code: string) => { at: number; original: string; replacement: string } | undefined;
}

/** A binary operator: the previous non-space character ends an operand (identifier, number, `)` or `]`). */
function binaryAt(code: string, at: number): boolean {
  let j = at - 1;
  while (j >= 0 && (code[j] === " " || code[j] === "\t")) j--;
  return j >= 0 && /[A-Za-z0-9_)\]]/.test(code[j]);
}

const RULES: Rule[] = [
  {
    operator: "relational",
    // `<` / `<=` / `>` / `>=`, not `<<`, `>>`, `=>`, `<<=`, `>>=`.
    pattern: /(?<![<>=])(<=|>=|<|>)(?![<>=])/g,
    replace: (m, code) => {
      const op = m[1];
      if (op === ">" && code[m.index - 1] === "=") return undefined;
      if (!binaryAt(code, m.index)) return undefined;
      const swap: Record<string, string> = { "<": "<=", "<=": "<", ">": ">=", ">=": ">" };
      return { at: m.index, original: op, replacement: swap[op] };
    },
  },
  {
    operator: "equality",
    pattern: /(==|!=)(?!=)/g,
    replace: (m) => ({ at: m.index, original: m[1], replacement: m[1] === "==" ? "!=" : "==" }),
  },
  {
    operator: "arithmetic",
    // single + - * / not part of ++ -- ** += -= *= /= or a comment marker
    pattern: /(?<![+\-*/])([+\-*/])(?![+\-*/=])/g,
    replace: (m, code) => {
      if (!binaryAt(code, m.index)) return undefined;
      const swap: Record<string, string> = { "+": "-", "-": "+", "*": "/", "/": "*" };
      return { at: m.index, original: m[1], replacement: swap[m[1]] };
    },
  },
  {
    operator: "assignment",
    pattern: /(\+=|-=)/g,
    replace: (m) => ({ at: m.index, original: m[1], replacement: m[1] === "+=" ? "-=" : "+=" }),
  },
  {
    operator: "logical",
    pattern: /(&&|\|\|)/g,
    replace: (m) => ({ at: m.index, original: m[1], replacement: m[1] === "&&" ? "||" : "&&" }),
  },
  {
    operator: "rounding",
    pattern: /\b(mulDiv|wMul|wDiv|toShares|toAssets|divRound|rMul)(Up|Down)\b/g,
    replace: (m) => ({ at: m.index, original: m[0], replacement: m[1] + (m[2] === "Up" ? "Down" : "Up") }),
  },
  {
    operator: "guard",
    // `if (<condition>) revert` on one line; the condition is replaced by `false`.
    pattern: /\bif\s*\((.*)\)\s*revert\b/g,
    replace: (m) => {
      const start = m.index + m[0].indexOf("(") + 1;
      return { at: start, original: m[1], replacement: "false" };
    },
  },
  {
    operator: "modifier",
    pattern: /\b(nonReentrant|whenNotPaused\([^)]*\)|onlyRole\([^)]*\)|onlyAuthorized\([^)]*\)|stoppedBelow\([^)]*\))/g,
    replace: (m, code) => {
      // Only in a function header (a `function` keyword earlier on the statement, before any `{` or `;`).
      const before = code.slice(0, m.index);
      const f = before.lastIndexOf("function ");
      if (f < 0 || /[{;}]/.test(before.slice(f))) return undefined;
      return { at: m.index, original: m[0], replacement: "" };
    },
  },
  {
    operator: "bool",
    pattern: /\b(true|false)\b/g,
    replace: (m) => ({ at: m.index, original: m[1], replacement: m[1] === "true" ? "false" : "true" }),
  },
];

/** Lines that are declarations only (no behaviour to mutate). */
const SKIP_LINE = /^\s*(pragma|import|error|event|\/\/\/|\*)/;

/** Every mutant of one source file, in file order. */
export function findMutants(file: string, src: string, operators: readonly string[] = OPERATORS): Mutant[] {
  const code = maskNonCode(src);
  const lineStarts = [0];
  for (let i = 0; i < src.length; i++) if (src[i] === "\n") lineStarts.push(i + 1);
  const lineOf = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const lineText = (idx: number, text: string) => {
    const end = text.indexOf("\n", lineStarts[idx]);
    return text.slice(lineStarts[idx], end < 0 ? text.length : end);
  };
  const out: Mutant[] = [];
  for (const rule of RULES) {
    if (!operators.includes(rule.operator)) continue;
    for (const m of code.matchAll(new RegExp(rule.pattern.source, rule.pattern.flags))) {
      const exec = m as unknown as RegExpExecArray;
      const idx = lineOf(exec.index);
      if (SKIP_LINE.test(lineText(idx, src))) continue;
      const r = rule.replace(exec, code);
      if (!r) continue;
      const mutated = src.slice(0, r.at) + r.replacement + src.slice(r.at + r.original.length);
      out.push({
        file,
        operator: rule.operator,
        line: idx + 1,
        offset: r.at,
        original: r.original,
        replacement: r.replacement,
        before: lineText(idx, src).trim(),
        after: lineText(idx, mutated).trim(),
      });
    }
  }
  return out.sort((a, b) => a.offset - b.offset || a.operator.localeCompare(b.operator));
}

/** The source with one mutant applied. */
export function apply(src: string, m: Mutant): string {
  if (src.slice(m.offset, m.offset + m.original.length) !== m.original) {
    throw new Error(`${m.file}:${m.line}: expected "${m.original}" at offset ${m.offset}`);
  }
  return src.slice(0, m.offset) + m.replacement + src.slice(m.offset + m.original.length);
}

/** `n` mutants spread evenly over the list (every k-th), so that a small sample still spans the file. */
export function sample<T>(list: T[], n: number): T[] {
  if (n >= list.length) return list;
  const step = list.length / n;
  return Array.from({ length: n }, (_, i) => list[Math.floor(i * step)]);
}

/** Key of an equivalent mutant in scripts/mutate/equivalent.json: stable when lines move. */
export const mutantKey = (m: Pick<Mutant, "file" | "operator" | "before" | "after">) =>
  `${m.file}|${m.operator}|${m.before}|${m.after}`;
