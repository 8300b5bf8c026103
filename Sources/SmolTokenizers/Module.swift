// The SmolTokenizers module; see README "Module map".
