// Decoding of JPEG, PNG and WebP into 8-bit pixels, with every library error returned as a
// message instead of ending the process.
#ifndef HIMAYA_IMAGE_CODECS_H
#define HIMAYA_IMAGE_CODECS_H

#include <stddef.h>
#include <stdint.h>

/// What a decode produced: pixels (malloc'd, free with himaya_image_free) or an error.
typedef struct {
    uint8_t *pixels;
    int width;
    int height;
    int channels;       // 1 (grey) or 3 (RGB)
    int status;         // 0 ok; otherwise one of the HIMAYA_IMAGE_* codes
    char message[200];  // the library's words when status is not 0
} himaya_decoded_image;

enum {
    HIMAYA_IMAGE_OK = 0,
    HIMAYA_IMAGE_CORRUPT = 1,
    HIMAYA_IMAGE_TRUNCATED = 2,
    HIMAYA_IMAGE_TOO_LARGE = 3,
    HIMAYA_IMAGE_UNSUPPORTED = 4,
    HIMAYA_IMAGE_NO_MEMORY = 5,
};

/// `scale_denominator` 1, 2, 4 or 8 lets libjpeg-turbo decode at 1/n size; `max_pixels` is
/// checked on the header, before any pixel memory is taken.
void himaya_decode_jpeg(const uint8_t *data, size_t size, int scale_denominator, uint64_t max_pixels, himaya_decoded_image *out);
void himaya_decode_png(const uint8_t *data, size_t size, uint64_t max_pixels, himaya_decoded_image *out);
void himaya_decode_webp(const uint8_t *data, size_t size, uint64_t max_pixels, himaya_decoded_image *out);
void himaya_image_free(himaya_decoded_image *image);

/// Encoders, used to make test images and fuzzing seeds: `channels` 1 or 3; the result is
/// malloc'd (free with himaya_bytes_free); NULL on failure.
uint8_t *himaya_encode_jpeg(const uint8_t *pixels, int width, int height, int channels, int quality, size_t *size);
uint8_t *himaya_encode_png(const uint8_t *pixels, int width, int height, int channels, size_t *size);
uint8_t *himaya_encode_webp(const uint8_t *pixels, int width, int height, int quality, size_t *size);
void himaya_bytes_free(uint8_t *bytes);

#endif
