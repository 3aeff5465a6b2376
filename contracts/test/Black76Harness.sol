// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Black76} from "../derivatives/options/Black76.sol";

/// @title Black76Harness
/// @notice Exposes the Black76 library to tests and measures its gas (tests only).
contract Black76Harness {
    function lnHp(uint256 x) external pure returns (int256) {
        return Black76.lnHp(x);
    }

    function expHp(int256 x) external pure returns (uint256) {
        return Black76.expHp(x);
    }

    function sqrtHp(uint256 x) external pure returns (uint256) {
        return Black76.sqrtHp(x);
    }

    function normalCdfHp(int256 x) external pure returns (uint256) {
        return Black76.normalCdfHp(x);
    }

    function normalPdfHp(int256 x) external pure returns (uint256) {
        return Black76.normalPdfHp(x);
    }

    function priceUp(bool isCall, uint256 forward, uint256 strike, uint256 vol, uint256 tau)
        external
        pure
        returns (uint256)
    {
        return Black76.priceUp(isCall, forward, strike, vol, tau);
    }

    function delta(bool isCall, uint256 forward, uint256 strike, uint256 vol, uint256 tau)
        external
        pure
        returns (int256)
    {
        return Black76.delta(isCall, forward, strike, vol, tau);
    }

    function gamma(uint256 forward, uint256 strike, uint256 vol, uint256 tau) external pure returns (uint256) {
        return Black76.gamma(forward, strike, vol, tau);
    }

    /// @notice The price and the gas one pricing costs inside a transaction (library call only, no call overhead).
    function priceGas(bool isCall, uint256 forward, uint256 strike, uint256 vol, uint256 tau)
        external
        view
        returns (uint256 price, uint256 gasUsed)
    {
        uint256 before = gasleft();
        price = Black76.priceUp(isCall, forward, strike, vol, tau);
        gasUsed = before - gasleft();
    }
}
