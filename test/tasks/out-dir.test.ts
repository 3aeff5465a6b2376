import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { prepareOutDir } from "../../scripts/tasks/out-dir";
import { UserError } from "../../scripts/tasks/cli-errors";

describe("--out is checked before the run", () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "out-dir-"));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it("creates missing folders and leaves no probe behind", () => {
    const dir = path.join(root, "a", "b");
    expect(prepareOutDir(dir)).to.equal(dir);
    expect(fs.statSync(dir).isDirectory()).to.equal(true);
    expect(fs.readdirSync(dir)).to.deep.equal([]);
  });

  it("refuses a path under a file, naming the file", () => {
    const file = path.join(root, "f");
    fs.writeFileSync(file, "");
    expect(() => prepareOutDir(path.join(file, "x", "y")))
      .to.throw(UserError)
      .with.property("message", `--out ${path.join(file, "x", "y")}: ${file} is not a directory`);
  });

  it("refuses a file as the folder itself", () => {
    const file = path.join(root, "f");
    fs.writeFileSync(file, "");
    expect(() => prepareOutDir(file)).to.throw(`--out ${file}: ${file} is not a directory`);
  });

  it("refuses a folder that cannot be created (under /proc) at once", () => {
    const started = Date.now();
    expect(() => prepareOutDir("/proc/cascade-lab-x")).to.throw(UserError, /cannot create \/proc\/cascade-lab-x/);
    expect(Date.now() - started).to.be.below(5_000);
  });
});
