// SPDX-License-Identifier: GPL-2.0-or-later
pragma solidity 0.8.19;

// Morpho Blue 1.0.0, unmodified, from the npm package `@morpho-org/morpho-blue` (Morpho.sol is BUSL-1.1 whose Change
// Date 2026-01-01 has passed: GPL-2.0-or-later since; its interfaces and libraries are GPL-2.0-or-later). Importing
// it here makes Hardhat compile it, with solc 0.8.19 and Morpho's own settings (hardhat.config.ts, overrides), into
// the artifact `@morpho-org/morpho-blue/src/Morpho.sol:Morpho` that scripts/adapters/morpho-blue deploys as is.
// Used to test liquidation behaviour in this lab, never to deploy to a live network. docs/protocols-morpho.md.
// The file declares nothing: the import is its whole purpose.
// solhint-disable-next-line no-unused-import
import {Morpho} from "@morpho-org/morpho-blue/src/Morpho.sol";
