// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title GasBurner
/// @notice Simulation tooling: background traffic that fills blocks. `burn` spends its gas on one memory expansion
/// (cost 3w + w^2/512 for w words), so a transaction with gas limit G uses about G - leave while executing a handful
/// of opcodes: it fills blocks without slowing the simulation down (a loop burning the same gas is ~1000x slower
/// to execute in the in-process EVM).
contract GasBurner {
    /// @dev Gas kept back for the function's own work after the expansion.
    uint256 private constant OVERHEAD = 5_000;

    event Burned(uint256 words);

    function burn(uint256 leave) external {
        uint256 available = gasleft();
        if (available <= leave + OVERHEAD) return;
        uint256 target = available - leave - OVERHEAD;
        // Largest w with 3w + w^2/512 <= target: w = sqrt(768^2 + 512 target) - 768.
        uint256 words = Math.sqrt(589_824 + 512 * target) - 768;
        if (words == 0) return;
        assembly ("memory-safe") {
            mstore(mul(sub(words, 1), 32), 1)
        }
        emit Burned(words);
    }
}
