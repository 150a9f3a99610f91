// Location models (MCLP, p-median, LSCP, p-center, twin-aware) with heuristics and exact MIPs.
