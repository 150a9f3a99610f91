// The floating-catchment family and friends, exactly as PySAL access defines them.
