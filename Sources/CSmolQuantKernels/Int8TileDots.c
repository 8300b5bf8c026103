// The integer block dots behind `WeightPrecision.q8_0_q8` (see the header for the arithmetic).
//
// AVX2 plan, per block and column pair k: the tile's 16 quants for pair k (8 rows x 2 columns) are
// loaded and sign-extended to int16 once (vpmovsxbw), then for each vector the pair x[2k], x[2k+1] is
// broadcast to all lanes (vpbroadcastd) and vpmaddwd gives, per row lane, w0*x0 + w1*x1 as int32;
// vpaddd accumulates the 16 pairs (|sum| <= 32 * 127 * 127, no overflow). Lanes are the tile's 8
// rows, so a block ends with one convert and one FMA per vector and no horizontal sums.
#include "CSmolQuantKernels.h"
#include <math.h>

#if defined(__AVX2__) && defined(__FMA__)
#include <immintrin.h>

// y for N vectors (a compile-time count, so the accumulators stay in registers).
static inline __attribute__((always_inline)) void tileDots(const int N, const int8_t *tile, const float *tileScales,
                                                           long blocks, const int16_t *x, long xStride,
                                                           const float *xScales, long xScaleStride, float *y, long yStride) {
    __m256 acc[8];
    for (int v = 0; v < N; v++) acc[v] = _mm256_setzero_ps();
    for (long b = 0; b < blocks; b++) {
        __m256i sums[8];
        for (int v = 0; v < N; v++) sums[v] = _mm256_setzero_si256();
        const int8_t *w = tile + 256 * b;
        const int16_t *xb = x + 32 * b;
        for (int k = 0; k < 16; k++) {
            __m256i pair = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(w + 16 * k)));   // [8 rows][2]
            for (int v = 0; v < N; v++) {
                int32_t xs;
                __builtin_memcpy(&xs, xb + v * xStride + 2 * k, sizeof xs);                        // x[2k], x[2k+1]
                sums[v] = _mm256_add_epi32(sums[v], _mm256_madd_epi16(pair, _mm256_set1_epi32(xs)));
            }
        }
        __m256 scales = _mm256_loadu_ps(tileScales + 8 * b);
        for (int v = 0; v < N; v++) {
            __m256 scale = _mm256_mul_ps(scales, _mm256_set1_ps(xScales[v * xScaleStride + b]));
            acc[v] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(sums[v]), scale, acc[v]);
        }
    }
    for (int v = 0; v < N; v++) _mm256_storeu_ps(y + v * yStride, acc[v]);
}

void smol_int8_tile_dots(const int8_t *tile, const float *tileScales, long blocks,
                         const int16_t *x, long xStride, const float *xScales, long xScaleStride,
                         long vectors, float *y, long yStride) {
#define SMOL_TILE_CASE(n) case n: tileDots(n, tile, tileScales, blocks, x, xStride, xScales, xScaleStride, y, yStride); break;
    switch (vectors) {
    SMOL_TILE_CASE(1) SMOL_TILE_CASE(2) SMOL_TILE_CASE(3) SMOL_TILE_CASE(4)
    SMOL_TILE_CASE(5) SMOL_TILE_CASE(6) SMOL_TILE_CASE(7) SMOL_TILE_CASE(8)
    default: break;
    }
#undef SMOL_TILE_CASE
}

#else

// The same arithmetic, one output at a time (builds without AVX2 and FMA).
void smol_int8_tile_dots(const int8_t *tile, const float *tileScales, long blocks,
                         const int16_t *x, long xStride, const float *xScales, long xScaleStride,
                         long vectors, float *y, long yStride) {
    for (long v = 0; v < vectors; v++) {
        for (int i = 0; i < 8; i++) {
            float acc = 0;
            for (long b = 0; b < blocks; b++) {
                int32_t s = 0;
                for (int c = 0; c < 32; c++) s += (int32_t)tile[256 * b + 16 * (c / 2) + 2 * i + c % 2] * x[v * xStride + 32 * b + c];
                acc = fmaf((float)s, tileScales[8 * b + i] * xScales[v * xScaleStride + b], acc);
            }
            y[v * yStride + i] = acc;
        }
    }
}

#endif
