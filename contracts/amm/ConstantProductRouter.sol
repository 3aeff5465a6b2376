// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IConstantProductPool} from "../interfaces/IConstantProductPool.sol";
import {ConstantProductLibrary} from "./ConstantProductLibrary.sol";

/// @title ConstantProductRouter
/// @notice Slippage- and deadline-checked liquidity and single-pool swaps over `ConstantProductPool`, as Uniswap V2's
/// router with the pool passed directly (no factory). In liquidity calls token A is the pool's token0 and token B
/// its token1.
/// @dev Holds no funds between calls: it pulls tokens from the caller straight into the pool. Tokens that take a fee
/// on transfer are not supported (the quote assumes the pool receives `amountIn`).
contract ConstantProductRouter {
    using SafeERC20 for IERC20;

    /// @notice The transaction was mined after `deadline`.
    error Expired(uint256 deadline, uint256 nowTs);
    /// @notice A swap would pay `amountOut`, less than the caller's `amountOutMin`.
    error InsufficientOutput(uint256 amountOut, uint256 amountOutMin);
    /// @notice A swap would cost `amountIn`, more than the caller's `amountInMax`.
    error ExcessiveInput(uint256 amountIn, uint256 amountInMax);
    /// @notice Liquidity would move `amountA` of token0, less than `amountAMin`.
    error InsufficientAmountA(uint256 amountA, uint256 amountAMin);
    /// @notice Liquidity would move `amountB` of token1, less than `amountBMin`.
    error InsufficientAmountB(uint256 amountB, uint256 amountBMin);
    /// @notice `token` is neither of `pool`'s tokens.
    error UnknownToken(address pool, address token);

    modifier ensure(uint256 deadline) {
        if (block.timestamp > deadline) revert Expired(deadline, block.timestamp);
        _;
    }

    /* LIQUIDITY */

    /// @notice Deposits token0/token1 at the pool's current ratio (any ratio into an empty pool), mints LP to `to`.
    /// @dev The side that is not fully used is the one whose optimal amount (`quote`, rounded down) exceeds its
    /// desired amount, as Uniswap V2.
    /// @return amountA token0 deposited.
    /// @return amountB token1 deposited.
    /// @return liquidity LP shares minted.
    function addLiquidity(
        IConstantProductPool pool,
        uint256 amountADesired,
        uint256 amountBDesired,
        uint256 amountAMin,
        uint256 amountBMin,
        address to,
        uint256 deadline
    ) external ensure(deadline) returns (uint256 amountA, uint256 amountB, uint256 liquidity) {
        (amountA, amountB) = _optimalDeposit(pool, amountADesired, amountBDesired, amountAMin, amountBMin);
        IERC20(pool.token0()).safeTransferFrom(msg.sender, address(pool), amountA);
        IERC20(pool.token1()).safeTransferFrom(msg.sender, address(pool), amountB);
        liquidity = pool.mint(to);
    }

    /// @notice Burns `liquidity` LP shares of the caller (approve the router first) and sends both tokens to `to`.
    /// @return amountA token0 received.
    /// @return amountB token1 received.
    function removeLiquidity(
        IConstantProductPool pool,
        uint256 liquidity,
        uint256 amountAMin,
        uint256 amountBMin,
        address to,
        uint256 deadline
    ) external ensure(deadline) returns (uint256 amountA, uint256 amountB) {
        IERC20(address(pool)).safeTransferFrom(msg.sender, address(pool), liquidity);
        (amountA, amountB) = pool.burn(to);
        if (amountA < amountAMin) revert InsufficientAmountA(amountA, amountAMin);
        if (amountB < amountBMin) revert InsufficientAmountB(amountB, amountBMin);
    }

    /* SWAPS */

    /// @notice Sells exactly `amountIn` of `tokenIn` for at least `amountOutMin` of the other token, sent to `to`.
    function swapExactTokensForTokens(
        IConstantProductPool pool,
        address tokenIn,
        uint256 amountIn,
        uint256 amountOutMin,
        address to,
        uint256 deadline
    ) external ensure(deadline) returns (uint256 amountOut) {
        (uint256 reserveIn, uint256 reserveOut, bool zeroForOne) = _reservesFor(pool, tokenIn);
        amountOut = ConstantProductLibrary.getAmountOut(amountIn, reserveIn, reserveOut, pool.feeBps());
        if (amountOut < amountOutMin) revert InsufficientOutput(amountOut, amountOutMin);
        _swap(pool, tokenIn, zeroForOne, amountIn, amountOut, to);
    }

    /// @notice Buys exactly `amountOut` of the other token for at most `amountInMax` of `tokenIn`, sent to `to`.
    function swapTokensForExactTokens(
        IConstantProductPool pool,
        address tokenIn,
        uint256 amountOut,
        uint256 amountInMax,
        address to,
        uint256 deadline
    ) external ensure(deadline) returns (uint256 amountIn) {
        (uint256 reserveIn, uint256 reserveOut, bool zeroForOne) = _reservesFor(pool, tokenIn);
        amountIn = ConstantProductLibrary.getAmountIn(amountOut, reserveIn, reserveOut, pool.feeBps());
        if (amountIn > amountInMax) revert ExcessiveInput(amountIn, amountInMax);
        _swap(pool, tokenIn, zeroForOne, amountIn, amountOut, to);
    }

    /* QUOTES */

    /// @notice Output of selling `amountIn` of `tokenIn` now; rounds down (in favour of the pool).
    function getAmountOut(
        IConstantProductPool pool,
        address tokenIn,
        uint256 amountIn
    ) public view returns (uint256 amountOut) {
        (uint256 reserveIn, uint256 reserveOut, ) = _reservesFor(pool, tokenIn);
        amountOut = ConstantProductLibrary.getAmountOut(amountIn, reserveIn, reserveOut, pool.feeBps());
    }

    /// @notice Input of `tokenIn` needed to buy `amountOut` now; rounds up (in favour of the pool).
    function getAmountIn(
        IConstantProductPool pool,
        address tokenIn,
        uint256 amountOut
    ) public view returns (uint256 amountIn) {
        (uint256 reserveIn, uint256 reserveOut, ) = _reservesFor(pool, tokenIn);
        amountIn = ConstantProductLibrary.getAmountIn(amountOut, reserveIn, reserveOut, pool.feeBps());
    }

    /* INTERNALS */

    function _swap(
        IConstantProductPool pool,
        address tokenIn,
        bool zeroForOne,
        uint256 amountIn,
        uint256 amountOut,
        address to
    ) private {
        IERC20(tokenIn).safeTransferFrom(msg.sender, address(pool), amountIn);
        if (zeroForOne) pool.swap(0, amountOut, to, "");
        else pool.swap(amountOut, 0, to, "");
    }

    function _reservesFor(
        IConstantProductPool pool,
        address tokenIn
    ) private view returns (uint256 reserveIn, uint256 reserveOut, bool zeroForOne) {
        (uint112 reserve0, uint112 reserve1, ) = pool.getReserves();
        if (tokenIn == pool.token0()) return (reserve0, reserve1, true);
        if (tokenIn == pool.token1()) return (reserve1, reserve0, false);
        revert UnknownToken(address(pool), tokenIn);
    }

    function _optimalDeposit(
        IConstantProductPool pool,
        uint256 amountADesired,
        uint256 amountBDesired,
        uint256 amountAMin,
        uint256 amountBMin
    ) private view returns (uint256 amountA, uint256 amountB) {
        (uint112 reserveA, uint112 reserveB, ) = pool.getReserves();
        if (reserveA == 0 && reserveB == 0) return (amountADesired, amountBDesired);
        uint256 amountBOptimal = ConstantProductLibrary.quote(amountADesired, reserveA, reserveB);
        if (amountBOptimal <= amountBDesired) {
            if (amountBOptimal < amountBMin) revert InsufficientAmountB(amountBOptimal, amountBMin);
            return (amountADesired, amountBOptimal);
        }
        uint256 amountAOptimal = ConstantProductLibrary.quote(amountBDesired, reserveB, reserveA);
        // amountAOptimal <= amountADesired holds here, since amountBOptimal > amountBDesired (V2 asserts it).
        if (amountAOptimal < amountAMin) revert InsufficientAmountA(amountAOptimal, amountAMin);
        return (amountAOptimal, amountBDesired);
    }
}
