// GEOS owner: geometries as values, a GEOS context per thread, validity and repair, STRtree, areas in metres.
