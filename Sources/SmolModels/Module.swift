// The SmolModels module; see README "Module map".
