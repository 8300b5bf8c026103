// The SmolLedger module; see README "Module map".
