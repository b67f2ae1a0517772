// Thin, careful wrappers over the system's libjpeg-turbo, libpng and libwebp.
#include "CImageCodecs.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <jerror.h>
#include <png.h>
#include <webp/decode.h>
#include <webp/encode.h>

static void set_error(himaya_decoded_image *out, int status, const char *message) {
    out->status = status;
    snprintf(out->message, sizeof out->message, "%s", message);
}

void himaya_image_free(himaya_decoded_image *image) {
    free(image->pixels);
    image->pixels = NULL;
}

// ---- JPEG -----------------------------------------------------------------------------------
// libjpeg's default error handler calls exit(); ours jumps back here with the message instead.

struct jpeg_failure {
    struct jpeg_error_mgr manager;
    jmp_buf jump;
    int truncated;
};

static void jpeg_fail(j_common_ptr info) {
    struct jpeg_failure *failure = (struct jpeg_failure *)info->err;
    longjmp(failure->jump, 1);
}

static void jpeg_note(j_common_ptr info, int level) {
    struct jpeg_failure *failure = (struct jpeg_failure *)info->err;
    // A premature end is only a warning to libjpeg, which fills the rest with grey; an image
    // that is not all there must not be hashed as if it were.
    if (level < 0 && failure->manager.msg_code == JWRN_JPEG_EOF) failure->truncated = 1;
}

void himaya_decode_jpeg(const uint8_t *data, size_t size, int scale_denominator, uint64_t max_pixels, himaya_decoded_image *out) {
    memset(out, 0, sizeof *out);
    struct jpeg_decompress_struct info;
    struct jpeg_failure failure;
    memset(&failure, 0, sizeof failure);
    info.err = jpeg_std_error(&failure.manager);
    failure.manager.error_exit = jpeg_fail;
    failure.manager.emit_message = jpeg_note;
    uint8_t *volatile pixels = NULL;
    uint8_t *volatile row = NULL;

    if (setjmp(failure.jump)) {
        char words[JMSG_LENGTH_MAX];
        failure.manager.format_message((j_common_ptr)&info, words);
        set_error(out, HIMAYA_IMAGE_CORRUPT, words);
        free(pixels);
        free(row);
        jpeg_destroy_decompress(&info);
        return;
    }
    jpeg_create_decompress(&info);
    jpeg_mem_src(&info, data, (unsigned long)size);
    jpeg_read_header(&info, TRUE);
    if ((uint64_t)info.image_width * (uint64_t)info.image_height > max_pixels) {
        set_error(out, HIMAYA_IMAGE_TOO_LARGE, "the image has more pixels than allowed");
        jpeg_destroy_decompress(&info);
        return;
    }
    int cmyk = info.jpeg_color_space == JCS_CMYK || info.jpeg_color_space == JCS_YCCK;
    if (cmyk) info.out_color_space = JCS_CMYK;
    else if (info.jpeg_color_space == JCS_GRAYSCALE) info.out_color_space = JCS_GRAYSCALE;
    else info.out_color_space = JCS_RGB;
    if (scale_denominator == 2 || scale_denominator == 4 || scale_denominator == 8) {
        info.scale_num = 1;
        info.scale_denom = (unsigned int)scale_denominator;
    }
    jpeg_start_decompress(&info);
    int width = (int)info.output_width, height = (int)info.output_height;
    int channels = info.out_color_space == JCS_GRAYSCALE ? 1 : 3;
    pixels = malloc((size_t)width * (size_t)height * (size_t)channels);
    row = malloc((size_t)width * (size_t)info.output_components);
    if (pixels == NULL || row == NULL) {
        free(pixels);
        free(row);
        set_error(out, HIMAYA_IMAGE_NO_MEMORY, "not enough memory for the image");
        jpeg_destroy_decompress(&info);
        return;
    }
    while (info.output_scanline < info.output_height) {
        size_t y = info.output_scanline;
        JSAMPROW rows[1] = { row };
        if (jpeg_read_scanlines(&info, rows, 1) != 1) break;
        uint8_t *target = pixels + y * (size_t)width * (size_t)channels;
        if (cmyk) {
            // Photoshop writes CMYK JPEGs inverted (Adobe marker); others store it plain.
            int inverted = info.saw_Adobe_marker;
            for (int x = 0; x < width; x++) {
                int c = row[4 * x], m = row[4 * x + 1], ye = row[4 * x + 2], k = row[4 * x + 3];
                if (!inverted) { c = 255 - c; m = 255 - m; ye = 255 - ye; k = 255 - k; }
                target[3 * x] = (uint8_t)(c * k / 255);
                target[3 * x + 1] = (uint8_t)(m * k / 255);
                target[3 * x + 2] = (uint8_t)(ye * k / 255);
            }
        } else {
            memcpy(target, row, (size_t)width * (size_t)channels);
        }
    }
    if (failure.truncated) {
        free(pixels);
        free(row);
        set_error(out, HIMAYA_IMAGE_TRUNCATED, "the JPEG data ends before the image does");
        jpeg_destroy_decompress(&info);
        return;
    }
    jpeg_finish_decompress(&info);
    jpeg_destroy_decompress(&info);
    free(row);
    if (failure.truncated) {
        free(pixels);
        set_error(out, HIMAYA_IMAGE_TRUNCATED, "the JPEG data ends before the image does");
        return;
    }
    out->pixels = pixels;
    out->width = width;
    out->height = height;
    out->channels = channels;
}

// ---- PNG ------------------------------------------------------------------------------------
// The simplified API keeps libpng's longjmp inside libpng.

void himaya_decode_png(const uint8_t *data, size_t size, uint64_t max_pixels, himaya_decoded_image *out) {
    memset(out, 0, sizeof *out);
    png_image image;
    memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&image, data, size)) {
        set_error(out, HIMAYA_IMAGE_CORRUPT, image.message);
        png_image_free(&image);
        return;
    }
    if ((uint64_t)image.width * (uint64_t)image.height > max_pixels) {
        set_error(out, HIMAYA_IMAGE_TOO_LARGE, "the image has more pixels than allowed");
        png_image_free(&image);
        return;
    }
    // Straight (not premultiplied) RGBA, then the alpha dropped: the colour values as stored,
    // which is what other hashers of the same file see.
    image.format = PNG_FORMAT_RGBA;
    size_t stride = (size_t)image.width * 4;
    uint8_t *rgba = malloc(stride * (size_t)image.height);
    if (rgba == NULL) {
        set_error(out, HIMAYA_IMAGE_NO_MEMORY, "not enough memory for the image");
        png_image_free(&image);
        return;
    }
    if (!png_image_finish_read(&image, NULL, rgba, (png_int_32)stride, NULL)) {
        int truncated = strstr(image.message, "EOF") != NULL || strstr(image.message, "end") != NULL;
        set_error(out, truncated ? HIMAYA_IMAGE_TRUNCATED : HIMAYA_IMAGE_CORRUPT, image.message);
        free(rgba);
        png_image_free(&image);
        return;
    }
    size_t count = (size_t)image.width * (size_t)image.height;
    for (size_t i = 0; i < count; i++) {
        rgba[3 * i] = rgba[4 * i];
        rgba[3 * i + 1] = rgba[4 * i + 1];
        rgba[3 * i + 2] = rgba[4 * i + 2];
    }
    out->pixels = rgba;
    out->width = (int)image.width;
    out->height = (int)image.height;
    out->channels = 3;
}

// ---- WebP -----------------------------------------------------------------------------------

void himaya_decode_webp(const uint8_t *data, size_t size, uint64_t max_pixels, himaya_decoded_image *out) {
    memset(out, 0, sizeof *out);
    WebPBitstreamFeatures features;
    VP8StatusCode status = WebPGetFeatures(data, size, &features);
    if (status == VP8_STATUS_NOT_ENOUGH_DATA) {
        set_error(out, HIMAYA_IMAGE_TRUNCATED, "the WebP data ends before its header does");
        return;
    }
    if (status != VP8_STATUS_OK) {
        set_error(out, HIMAYA_IMAGE_CORRUPT, "the WebP header is not valid");
        return;
    }
    if (features.has_animation) {
        set_error(out, HIMAYA_IMAGE_UNSUPPORTED, "animated WebP is not supported");
        return;
    }
    if ((uint64_t)features.width * (uint64_t)features.height > max_pixels) {
        set_error(out, HIMAYA_IMAGE_TOO_LARGE, "the image has more pixels than allowed");
        return;
    }
    int width = 0, height = 0;
    uint8_t *rgb = WebPDecodeRGB(data, size, &width, &height);
    if (rgb == NULL) {
        set_error(out, HIMAYA_IMAGE_TRUNCATED, "the WebP image data is truncated or corrupt");
        return;
    }
    size_t bytes = (size_t)width * (size_t)height * 3;
    uint8_t *copy = malloc(bytes);
    if (copy == NULL) {
        WebPFree(rgb);
        set_error(out, HIMAYA_IMAGE_NO_MEMORY, "not enough memory for the image");
        return;
    }
    memcpy(copy, rgb, bytes);
    WebPFree(rgb);
    out->pixels = copy;
    out->width = width;
    out->height = height;
    out->channels = 3;
}

// ---- Encoders -------------------------------------------------------------------------------

void himaya_bytes_free(uint8_t *bytes) { free(bytes); }

uint8_t *himaya_encode_jpeg(const uint8_t *pixels, int width, int height, int channels, int quality, size_t *size) {
    struct jpeg_compress_struct info;
    struct jpeg_failure failure;
    memset(&failure, 0, sizeof failure);
    info.err = jpeg_std_error(&failure.manager);
    failure.manager.error_exit = jpeg_fail;
    unsigned char *volatile buffer = NULL;
    unsigned long length = 0;
    if (setjmp(failure.jump)) {
        jpeg_destroy_compress(&info);
        free(buffer);
        return NULL;
    }
    jpeg_create_compress(&info);
    jpeg_mem_dest(&info, (unsigned char **)&buffer, &length);
    info.image_width = (JDIMENSION)width;
    info.image_height = (JDIMENSION)height;
    info.input_components = channels;
    info.in_color_space = channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
    jpeg_set_defaults(&info);
    jpeg_set_quality(&info, quality, TRUE);
    jpeg_start_compress(&info, TRUE);
    while (info.next_scanline < info.image_height) {
        JSAMPROW row = (JSAMPROW)(pixels + (size_t)info.next_scanline * (size_t)width * (size_t)channels);
        jpeg_write_scanlines(&info, &row, 1);
    }
    jpeg_finish_compress(&info);
    jpeg_destroy_compress(&info);
    *size = length;
    return buffer;
}

uint8_t *himaya_encode_png(const uint8_t *pixels, int width, int height, int channels, size_t *size) {
    png_image image;
    memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    image.width = (png_uint_32)width;
    image.height = (png_uint_32)height;
    image.format = channels == 1 ? PNG_FORMAT_GRAY : PNG_FORMAT_RGB;
    png_alloc_size_t length = 0;
    if (!png_image_write_to_memory(&image, NULL, &length, 0, pixels, 0, NULL)) return NULL;
    uint8_t *buffer = malloc(length);
    if (buffer == NULL) return NULL;
    if (!png_image_write_to_memory(&image, buffer, &length, 0, pixels, 0, NULL)) {
        free(buffer);
        return NULL;
    }
    *size = length;
    return buffer;
}

uint8_t *himaya_encode_webp(const uint8_t *pixels, int width, int height, int quality, size_t *size) {
    uint8_t *output = NULL;
    size_t length = WebPEncodeRGB(pixels, width, height, width * 3, (float)quality, &output);
    if (length == 0) return NULL;
    uint8_t *copy = malloc(length);
    if (copy != NULL) memcpy(copy, output, length);
    WebPFree(output);
    *size = length;
    return copy;
}
