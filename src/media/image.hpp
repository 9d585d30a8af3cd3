// Photos attached to cases: the type is judged by the first bytes (magic numbers), never by
// the file's name or the client's Content-Type, and GPS coordinates embedded in EXIF are
// removed before a photo is stored (a grid worker's photo would otherwise publish where they
// stood). Only the GPS directory is blanked, in place, so orientation and timestamps survive.
// The text metadata that editors and phones add beside EXIF (XMP, which may carry a location,
// the author and the device owner again; PNG text chunks; JPEG comments) is dropped whole.
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace onegrid::media {

enum class ImageType { kJpeg, kPng, kWebp };
std::string_view ContentType(ImageType t);  // "image/jpeg", …

std::optional<ImageType> DetectImageType(std::string_view bytes);

// Blanks every EXIF GPS directory in the image (JPEG APP1, PNG eXIf, WebP EXIF). Returns
// whether any GPS data was found. kInvalidArgument when the container is malformed.
core::Result<bool> StripGps(std::string& bytes, ImageType type);

// Removes the text metadata blocks: JPEG XMP (APP1 "http://ns.adobe.com/xap/1.0/", and its
// extension segments) and comments (COM); PNG tEXt, zTXt and iTXt chunks (iTXt is where PNG
// keeps XMP); the WebP "XMP " chunk (the RIFF size and the VP8X XMP flag fixed). Returns how
// many blocks went. kInvalidArgument when the container is malformed (then `bytes` is as it was).
core::Result<int> DropTextMetadata(std::string& bytes, ImageType type);

// The same on a bare TIFF/EXIF block (exposed for tests).
core::Result<bool> StripGpsFromTiff(char* tiff, std::size_t size);

}  // namespace onegrid::media
