// The commands of twinreach as library functions, testable without a process.
