#include "media/image.hpp"

#include <array>
#include <cstring>

namespace onegrid::media {
namespace {

core::Error Malformed(const std::string& what) {
  return core::InvalidArgument("the image is malformed: " + what, "file");
}

struct Tiff {
  unsigned char* p;
  std::size_t size;
  bool little;
  bool In(std::size_t off, std::size_t n) const { return off <= size && n <= size - off; }
  std::uint32_t U16(std::size_t off) const {
    return little ? p[off] | (p[off + 1] << 8) : (p[off] << 8) | p[off + 1];
  }
  std::uint32_t U32(std::size_t off) const {
    return little ? p[off] | (p[off + 1] << 8) | (p[off + 2] << 16) | (std::uint32_t(p[off + 3]) << 24)
                  : (std::uint32_t(p[off]) << 24) | (p[off + 1] << 16) | (p[off + 2] << 8) | p[off + 3];
  }
  void Put16(std::size_t off, std::uint32_t v) {
    p[off + (little ? 0 : 1)] = static_cast<unsigned char>(v & 0xff);
    p[off + (little ? 1 : 0)] = static_cast<unsigned char>((v >> 8) & 0xff);
  }
};

std::size_t TypeSize(std::uint32_t type) {
  switch (type) {
    case 1: case 2: case 6: case 7: return 1;   // BYTE ASCII SBYTE UNDEFINED
    case 3: case 8: return 2;                   // SHORT SSHORT
    case 4: case 9: case 11: return 4;          // LONG SLONG FLOAT
    case 5: case 10: case 12: return 8;         // RATIONAL SRATIONAL DOUBLE
    default: return 0;
  }
}

std::uint32_t Crc32(const unsigned char* data, std::size_t n) {
  static const auto table = [] {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t i = 0; i < 256; ++i) {
      std::uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  std::uint32_t c = 0xFFFFFFFFu;
  for (std::size_t i = 0; i < n; ++i) c = table[(c ^ data[i]) & 0xff] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

std::uint32_t Be32(const std::string& s, std::size_t off) {
  return (std::uint32_t(static_cast<unsigned char>(s[off])) << 24) |
         (std::uint32_t(static_cast<unsigned char>(s[off + 1])) << 16) |
         (std::uint32_t(static_cast<unsigned char>(s[off + 2])) << 8) |
         std::uint32_t(static_cast<unsigned char>(s[off + 3]));
}

}  // namespace

std::string_view ContentType(ImageType t) {
  switch (t) {
    case ImageType::kJpeg: return "image/jpeg";
    case ImageType::kPng: return "image/png";
    case ImageType::kWebp: return "image/webp";
  }
  return "application/octet-stream";
}

std::optional<ImageType> DetectImageType(std::string_view b) {
  if (b.size() >= 3 && b.substr(0, 3) == "\xFF\xD8\xFF") return ImageType::kJpeg;
  if (b.size() >= 8 && b.substr(0, 8) == std::string_view("\x89PNG\r\n\x1A\n", 8)) return ImageType::kPng;
  if (b.size() >= 12 && b.substr(0, 4) == "RIFF" && b.substr(8, 4) == "WEBP") return ImageType::kWebp;
  return std::nullopt;
}

core::Result<bool> StripGpsFromTiff(char* data, std::size_t size) {
  if (size >= 6 && std::memcmp(data, "Exif\0\0", 6) == 0) {  // WebP writers may keep the prefix
    data += 6;
    size -= 6;
  }
  Tiff t{reinterpret_cast<unsigned char*>(data), size, true};
  if (size < 8) return Malformed("EXIF block too short");
  if (std::memcmp(data, "II*\0", 4) == 0) {
    t.little = true;
  } else if (std::memcmp(data, "MM\0*", 4) == 0) {
    t.little = false;
  } else {
    return Malformed("EXIF block without a TIFF header");
  }
  std::size_t ifd0 = t.U32(4);
  if (!t.In(ifd0, 2)) return Malformed("EXIF directory out of bounds");
  std::size_t entries = t.U16(ifd0);
  if (!t.In(ifd0 + 2, entries * 12)) return Malformed("EXIF directory out of bounds");
  bool found = false;
  for (std::size_t i = 0; i < entries; ++i) {
    std::size_t e = ifd0 + 2 + i * 12;
    if (t.U16(e) != 0x8825) continue;  // GPSInfo
    std::size_t gps = t.U32(e + 8);
    if (!t.In(gps, 2)) return Malformed("GPS directory out of bounds");
    std::size_t n = t.U16(gps);
    if (!t.In(gps + 2, n * 12)) return Malformed("GPS directory out of bounds");
    // Blanking must not reach the structure it walks: a GPS directory or value laid over the
    // header or a directory (found by the fuzzer, fuzz/corpus/image/overlapping_gps_value) would
    // leave the block unreadable, its other tags lost with it.
    const std::size_t ifd0_end = ifd0 + 2 + entries * 12, gps_end = gps + 2 + n * 12;
    auto overlaps = [](std::size_t a, std::size_t a_end, std::size_t b, std::size_t b_end) {
      return a < b_end && b < a_end;
    };
    if (overlaps(gps, gps_end, 0, 8) || overlaps(gps, gps_end, ifd0, ifd0_end)) {
      return Malformed("GPS directory overlaps the EXIF header or directory");
    }
    for (std::size_t k = 0; k < n; ++k) {
      std::size_t g = gps + 2 + k * 12;
      std::size_t bytes = TypeSize(t.U16(g + 2)) * t.U32(g + 4);
      if (bytes > 4) {  // the value lives elsewhere: blank it too
        std::size_t off = t.U32(g + 8);
        if (!t.In(off, bytes)) return Malformed("GPS value out of bounds");
        if (overlaps(off, off + bytes, 0, 8) || overlaps(off, off + bytes, ifd0, ifd0_end) ||
            overlaps(off, off + bytes, gps, gps_end)) {
          return Malformed("GPS value overlaps the EXIF header or a directory");
        }
        std::memset(t.p + off, 0, bytes);
      }
      std::memset(t.p + g, 0, 12);
    }
    t.Put16(gps, 0);  // an empty GPS directory
    found = true;
  }
  return found;
}

core::Result<bool> StripGps(std::string& b, ImageType type) {
  bool found = false;
  if (type == ImageType::kJpeg) {
    std::size_t i = 2;
    while (i + 4 <= b.size()) {
      if (static_cast<unsigned char>(b[i]) != 0xFF) return Malformed("JPEG marker expected");
      unsigned char marker = static_cast<unsigned char>(b[i + 1]);
      if (marker == 0xDA || marker == 0xD9) break;  // image data follows: no more metadata
      std::size_t len = (static_cast<unsigned char>(b[i + 2]) << 8) | static_cast<unsigned char>(b[i + 3]);
      if (len < 2 || i + 2 + len > b.size()) return Malformed("JPEG segment out of bounds");
      if (marker == 0xE1 && len >= 8 && b.compare(i + 4, 6, std::string("Exif\0\0", 6)) == 0) {
        OG_ASSIGN_OR_RETURN(bool g, StripGpsFromTiff(b.data() + i + 10, len - 8));
        found = found || g;
      }
      i += 2 + len;
    }
  } else if (type == ImageType::kPng) {
    std::size_t i = 8;
    while (i + 12 <= b.size()) {
      std::size_t len = Be32(b, i);
      if (i + 12 + len > b.size()) return Malformed("PNG chunk out of bounds");
      if (b.compare(i + 4, 4, "eXIf") == 0) {
        OG_ASSIGN_OR_RETURN(bool g, StripGpsFromTiff(b.data() + i + 8, len));
        if (g) {
          std::uint32_t crc = Crc32(reinterpret_cast<const unsigned char*>(b.data() + i + 4), len + 4);
          for (int k = 0; k < 4; ++k) b[i + 8 + len + k] = static_cast<char>((crc >> (24 - 8 * k)) & 0xff);
        }
        found = found || g;
      }
      i += 12 + len;
    }
  } else {
    std::size_t i = 12;
    while (i + 8 <= b.size()) {
      std::size_t len = static_cast<unsigned char>(b[i + 4]) | (static_cast<unsigned char>(b[i + 5]) << 8) |
                        (static_cast<unsigned char>(b[i + 6]) << 16) |
                        (std::size_t(static_cast<unsigned char>(b[i + 7])) << 24);
      if (i + 8 + len > b.size()) return Malformed("WebP chunk out of bounds");
      if (b.compare(i, 4, "EXIF") == 0) {
        OG_ASSIGN_OR_RETURN(bool g, StripGpsFromTiff(b.data() + i + 8, len));
        found = found || g;
      }
      i += 8 + len + (len & 1);
    }
  }
  return found;
}

core::Result<int> DropTextMetadata(std::string& b, ImageType type) {
  static const std::string kXmp("http://ns.adobe.com/xap/1.0/\0", 29);
  static const std::string kXmpExtension("http://ns.adobe.com/xmp/extension/\0", 35);
  std::string out;
  int dropped = 0;
  if (type == ImageType::kJpeg) {
    std::size_t i = 2;
    out.reserve(b.size());
    out.append(b, 0, 2);
    while (i + 4 <= b.size()) {
      if (static_cast<unsigned char>(b[i]) != 0xFF) return Malformed("JPEG marker expected");
      unsigned char marker = static_cast<unsigned char>(b[i + 1]);
      if (marker == 0xDA || marker == 0xD9) break;  // image data follows: copied as it is
      std::size_t len = (static_cast<unsigned char>(b[i + 2]) << 8) | static_cast<unsigned char>(b[i + 3]);
      if (len < 2 || i + 2 + len > b.size()) return Malformed("JPEG segment out of bounds");
      auto starts = [&](const std::string& p) { return len - 2 >= p.size() && b.compare(i + 4, p.size(), p) == 0; };
      if ((marker == 0xE1 && (starts(kXmp) || starts(kXmpExtension))) || marker == 0xFE) {
        ++dropped;
      } else {
        out.append(b, i, 2 + len);
      }
      i += 2 + len;
    }
    if (dropped == 0) return 0;
    out.append(b, std::min(i, b.size()), std::string::npos);
  } else if (type == ImageType::kPng) {
    std::size_t i = 8;
    out.append(b, 0, 8);
    while (i + 12 <= b.size()) {
      std::size_t len = Be32(b, i);
      if (len > b.size() || i + 12 + len > b.size()) return Malformed("PNG chunk out of bounds");
      if (b.compare(i + 4, 4, "tEXt") == 0 || b.compare(i + 4, 4, "zTXt") == 0 || b.compare(i + 4, 4, "iTXt") == 0) {
        ++dropped;
      } else {
        out.append(b, i, 12 + len);
      }
      i += 12 + len;
    }
    if (dropped == 0) return 0;
    out.append(b, i, std::string::npos);
  } else {
    auto le32 = [&](const std::string& s, std::size_t off) {
      return static_cast<std::size_t>(static_cast<unsigned char>(s[off]) | (static_cast<unsigned char>(s[off + 1]) << 8) |
                                      (static_cast<unsigned char>(s[off + 2]) << 16) |
                                      (std::size_t(static_cast<unsigned char>(s[off + 3])) << 24));
    };
    std::size_t i = 12;
    out.append(b, 0, 12);
    std::size_t vp8x = std::string::npos;  // where the VP8X chunk's flags land in `out`
    while (i + 8 <= b.size()) {
      std::size_t len = le32(b, i + 4);
      if (len > b.size() || i + 8 + len > b.size()) return Malformed("WebP chunk out of bounds");
      std::size_t whole = std::min(8 + len + (len & 1), b.size() - i);
      if (b.compare(i, 4, "XMP ") == 0) {
        ++dropped;
      } else {
        if (b.compare(i, 4, "VP8X") == 0 && len >= 1) vp8x = out.size() + 8;
        out.append(b, i, whole);
      }
      i += whole;
    }
    if (dropped == 0) return 0;
    out.append(b, std::min(i, b.size()), std::string::npos);
    if (vp8x != std::string::npos) out[vp8x] = static_cast<char>(static_cast<unsigned char>(out[vp8x]) & ~0x04u);
    std::size_t riff = out.size() - 8;
    for (int k = 0; k < 4; ++k) out[4 + k] = static_cast<char>((riff >> (8 * k)) & 0xff);
  }
  // Nothing but metadata (found by the fuzzer: a JPEG whose only segment was XMP came out as
  // two bytes that are no longer a JPEG): refused as it stands rather than stored as a non-image.
  if (DetectImageType(out) != type) return Malformed("nothing but metadata, no image");
  b = std::move(out);
  return dropped;
}

}  // namespace onegrid::media
