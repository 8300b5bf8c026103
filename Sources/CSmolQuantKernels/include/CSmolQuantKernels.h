// smol's integer kernels for decoding with Q8_0 weights and int8 activations, in C because Swift 6.3
// does not emit vpmaddwd for its SIMD types (it widened to i32 and used vpmulld, and left a generic
// Int8 -> Int16 conversion unspecialised), and lowered the activation quantiser's abs/max/round to
// 128-bit blends and spills. Swift callers: SmolKernels' Int8Activations.swift and Int8TileGEMV.swift.
#ifndef SMOL_QUANT_KERNELS_H
#define SMOL_QUANT_KERNELS_H

#include <stdint.h>

/// One 8-row weight tile against 1-8 activation vectors (y: [vectors][8] floats, row stride yStride).
///
/// tile:        [blocks][16 column pairs][8 rows][2] int8 quants (256 bytes per block)
/// tileScales:  [blocks][8] weight scales
/// x:           [vectors][32 * blocks] int16 activation quants (|q| <= 127), row stride xStride
/// xScales:     [vectors][blocks] activation scales, row stride xScaleStride
///
/// For each vector v and tile row i, in increasing block order b:
///   s   = sum over the block's 32 columns of int32(w) * int32(x)          (exact)
///   acc = fmaf((float)s, tileScales[b][i] * xScales[v][b], acc)           (acc starts at 0)
/// then y[v * yStride + i] = acc. Every output is that chain whatever `vectors` is.
void smol_int8_tile_dots(const int8_t *tile, const float *tileScales, long blocks,
                         const int16_t *x, long xStride, const float *xScales, long xScaleStride,
                         long vectors, float *y, long yStride);

/// Quantises `blocks` 32-float blocks of x to int8 values stored as int16 (q: [32 * blocks]) with a
/// scale each (scales: [blocks]): d = max|x| / 127, q = x * (1 / d) rounded to nearest, ties to even,
/// and d = 0, q = 0 for a block of zeros.
void smol_quantize_int8_blocks(const float *x, long blocks, int16_t *q, float *scales);

#endif
