/**
 * A disk cache of ts-node's transpiled output for sweep workers: every worker (and every sweep) otherwise
 * transpiles the same few hundred TypeScript files again when it starts, which is most of its start-up. The output
 * is keyed by the sha-256 of the file's path and text, the TypeScript and ts-node versions and ts-node's options, so
 * a changed file or compiler is transpiled afresh; entries are written whole (temp file, then rename), so workers
 * starting together never read half a file. Import this module first: it only speeds up modules required after it.
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

const REGISTER = Symbol.for("ts-node.register.instance");

interface TsNodeService {
  compile: (code: string, fileName: string, lineOffset?: number) => string;
  options?: unknown;
  config?: { options?: unknown };
  ts?: { version?: string };
}

/** Wraps the running ts-node's compile with the cache in `dir`; false when this process has no ts-node. */
export function cacheTranspiles(dir: string): boolean {
  const service = (process as unknown as Record<symbol, TsNodeService | undefined>)[REGISTER];
  if (!service || typeof service.compile !== "function") return false;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tsNodeVersion = (require("ts-node/package.json") as { version: string }).version;
  const salt = JSON.stringify([service.ts?.version, tsNodeVersion, service.options, service.config?.options]);
  const compile = service.compile.bind(service);
  fs.mkdirSync(dir, { recursive: true });
  service.compile = (code: string, fileName: string, lineOffset?: number) => {
    const key = crypto.createHash("sha256").update(salt).update("\0").update(fileName).update("\0").update(code);
    const file = path.join(dir, `${key.digest("hex")}.js`);
    try {
      return fs.readFileSync(file, "utf8");
    } catch {
      const out = compile(code, fileName, lineOffset);
      const tmp = `${file}.${process.pid}.tmp`;
      try {
        fs.writeFileSync(tmp, out);
        fs.renameSync(tmp, file);
      } catch {
        fs.rmSync(tmp, { force: true }); // a full disk: run on without the cache
      }
      return out;
    }
  };
  return true;
}

/** The cache's folder under the project: node_modules/.cache (ignored by git, like other tools' caches). */
export const TS_CACHE_DIR = path.join(__dirname, "..", "..", "node_modules", ".cache", "cascade-sweep-ts");

if (process.env.SWEEP_NO_TS_CACHE !== "1") cacheTranspiles(TS_CACHE_DIR);
