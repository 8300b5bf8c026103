// The SmolTensor module; see README "Module map".
