// `npx hardhat test test/amm` hands this folder to mocha as one file; Node resolves it to this index, which loads
// every AMM test. A full `npx hardhat test` loads the same files once more, which Node's module cache ignores.
import "./ConstantProductPool.test";
import "./ConstantProductLibrary.test";
import "./ConstantProductRouter.test";
import "./ConstantProductPool.random.test";
import "./ConstantProductPool.gas.test";
