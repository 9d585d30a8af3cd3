// Photos attached to cases: the type is judged by the first bytes (magic numbers), never by
// the file's name or the client's Content-Type, and GPS coordinates embedded in EXIF are
// removed before a photo is stored (a grid worker's photo would otherwise publish where they
// stood). Only the GPS directory is blanked, in place, so orientation and timestamps survive.
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

// The same on a bare TIFF/EXIF block (exposed for tests).
core::Result<bool> StripGpsFromTiff(char* tiff, std::size_t size);

}  // namespace onegrid::media
