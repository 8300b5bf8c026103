// The SmolKit module; see README "Module map".
