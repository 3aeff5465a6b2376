// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ConstantProductLibrary} from "../amm/ConstantProductLibrary.sol";

/// @title ConstantProductLibraryHarness
/// @notice Exposes the library's internal functions to tests.
contract ConstantProductLibraryHarness {
    function getAmountOut(
        uint256 amountIn,
        uint256 reserveIn,
        uint256 reserveOut,
        uint256 feeBps
    ) external pure returns (uint256) {
        return ConstantProductLibrary.getAmountOut(amountIn, reserveIn, reserveOut, feeBps);
    }

    function getAmountIn(
        uint256 amountOut,
        uint256 reserveIn,
        uint256 reserveOut,
        uint256 feeBps
    ) external pure returns (uint256) {
        return ConstantProductLibrary.getAmountIn(amountOut, reserveIn, reserveOut, feeBps);
    }

    function quote(uint256 amountA, uint256 reserveA, uint256 reserveB) external pure returns (uint256) {
        return ConstantProductLibrary.quote(amountA, reserveA, reserveB);
    }
}
