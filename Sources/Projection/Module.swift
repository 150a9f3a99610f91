// PROJ owner: a PROJ context per thread, batch transforms, local metric CRS, GCJ-02 and BD-09.
