// libFuzzer's driver entry (compiler-rt, FuzzerInterface.h): runs the fuzzing loop on a
// callback. The fuzz targets call it from their own `main`, because SwiftPM links every
// executable with `main` defined as `<module>_main`.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
