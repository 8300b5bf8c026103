// The integer block dots behind `WeightPrecision.q8_0_q8`, and the activation quantiser that feeds
// them (see the header for the arithmetic).
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

void smol_quantize_int8_blocks(const float *x, long blocks, int16_t *q, float *scales) {
    const __m256 sign = _mm256_set1_ps(-0.0f);
    for (long b = 0; b < blocks; b++, x += 32, q += 32) {
        __m256 p0 = _mm256_loadu_ps(x), p1 = _mm256_loadu_ps(x + 8), p2 = _mm256_loadu_ps(x + 16), p3 = _mm256_loadu_ps(x + 24);
        __m256 m = _mm256_max_ps(_mm256_max_ps(_mm256_andnot_ps(sign, p0), _mm256_andnot_ps(sign, p1)),
                                 _mm256_max_ps(_mm256_andnot_ps(sign, p2), _mm256_andnot_ps(sign, p3)));
        __m128 h = _mm_max_ps(_mm256_castps256_ps128(m), _mm256_extractf128_ps(m, 1));
        h = _mm_max_ps(h, _mm_movehl_ps(h, h));
        h = _mm_max_ss(h, _mm_movehdup_ps(h));
        const float d = _mm_cvtss_f32(h) / 127;
        scales[b] = d;
        const __m256 inverse = _mm256_set1_ps(d != 0 ? 1 / d : 0);
        // cvtps2dq rounds to nearest even (the default MXCSR mode); packs works per 128-bit half, so
        // the 64-bit quarters are put back in order after it.
        __m256i i0 = _mm256_cvtps_epi32(_mm256_mul_ps(p0, inverse)), i1 = _mm256_cvtps_epi32(_mm256_mul_ps(p1, inverse));
        __m256i i2 = _mm256_cvtps_epi32(_mm256_mul_ps(p2, inverse)), i3 = _mm256_cvtps_epi32(_mm256_mul_ps(p3, inverse));
        _mm256_storeu_si256((__m256i *)q, _mm256_permute4x64_epi64(_mm256_packs_epi32(i0, i1), 0xD8));
        _mm256_storeu_si256((__m256i *)(q + 16), _mm256_permute4x64_epi64(_mm256_packs_epi32(i2, i3), 0xD8));
    }
}

#else

void smol_quantize_int8_blocks(const float *x, long blocks, int16_t *q, float *scales) {
    for (long b = 0; b < blocks; b++, x += 32, q += 32) {
        float largest = 0;
        for (int j = 0; j < 32; j++) largest = fmaxf(largest, fabsf(x[j]));
        const float d = largest / 127, inverse = d != 0 ? 1 / d : 0;
        scales[b] = d;
        for (int j = 0; j < 32; j++) q[j] = (int16_t)nearbyintf(x[j] * inverse);
    }
}

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
