// SafeTensors and GGUF containers; see README "Module map".
