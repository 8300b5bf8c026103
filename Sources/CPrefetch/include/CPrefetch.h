// Cache prefetch hints for the GEMM kernels (Swift has no prefetch intrinsic). A hint never changes a
// result: it only asks the core to start loading a line it will soon read or write.
#ifndef SMOL_CPREFETCH_H
#define SMOL_CPREFETCH_H

/// Starts loading the cache line holding `address` for a read.
static inline __attribute__((always_inline)) void smol_prefetch_read(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

/// Starts loading the cache line holding `address` for a write.
static inline __attribute__((always_inline)) void smol_prefetch_write(const void *address) {
    __builtin_prefetch(address, 1, 3);
}

#endif
