// The SmolDatasets module; see README "Module map".
