// For tests only: small but well-formed images carrying EXIF with an orientation and a GPS
// position (34.7°N), in each container onegrid accepts.
#pragma once

#include <string>

namespace onegrid::media::testing {

// A little-endian TIFF: IFD0 {Orientation = 6, GPSInfo → GPS IFD}, GPS IFD {LatitudeRef "N",
// Latitude 34/1 42/1 0/1}.
inline std::string ExifWithGps() {
  std::string t("II*\0\x08\0\0\0", 8);
  auto u16 = [&](unsigned v) { t += static_cast<char>(v & 0xff); t += static_cast<char>(v >> 8); };
  auto u32 = [&](unsigned v) { for (int i = 0; i < 4; ++i) t += static_cast<char>((v >> (8 * i)) & 0xff); };
  // IFD0 at 8: 2 entries (2 + 24 + 4 = 30 bytes) → GPS IFD at 38.
  u16(2);
  u16(0x0112); u16(3); u32(1); u32(6);       // Orientation SHORT 6
  u16(0x8825); u16(4); u32(1); u32(38);      // GPSInfo LONG → 38
  u32(0);
  // GPS IFD at 38: 2 entries (2 + 24 + 4 = 30) → latitude values at 68.
  u16(2);
  u16(0x0001); u16(2); u32(2); t += std::string("N\0\0\0", 4);  // LatitudeRef ASCII "N"
  u16(0x0002); u16(5); u32(3); u32(68);      // Latitude RATIONAL[3] → 68
  u32(0);
  u32(34); u32(1); u32(42); u32(1); u32(0); u32(1);
  return t;
}

inline std::string Jpeg() {
  std::string exif = std::string("Exif\0\0", 6) + ExifWithGps();
  std::string j("\xFF\xD8", 2);
  std::size_t len = exif.size() + 2;
  j += std::string("\xFF\xE1", 2);
  j += static_cast<char>(len >> 8);
  j += static_cast<char>(len & 0xff);
  j += exif;
  j += std::string("\xFF\xDA\x00\x02\x11\x22\xFF\xD9", 8);  // a stand-in scan
  return j;
}

inline std::string Png() {
  std::string p("\x89PNG\r\n\x1A\n", 8);
  auto chunk = [&](const std::string& type, const std::string& data) {
    std::size_t n = data.size();
    for (int i = 3; i >= 0; --i) p += static_cast<char>((n >> (8 * i)) & 0xff);
    p += type + data + std::string(4, '\0');  // CRCs are not checked by onegrid except eXIf's
  };
  chunk("IHDR", std::string(13, '\0'));
  chunk("eXIf", ExifWithGps());
  chunk("IEND", "");
  return p;
}

inline std::string Webp() {
  std::string exif = ExifWithGps();
  std::string body = "WEBP";
  body += "EXIF";
  std::size_t n = exif.size();
  for (int i = 0; i < 4; ++i) body += static_cast<char>((n >> (8 * i)) & 0xff);
  body += exif;
  if (n & 1) body += '\0';
  std::string w = "RIFF";
  std::size_t m = body.size();
  for (int i = 0; i < 4; ++i) w += static_cast<char>((m >> (8 * i)) & 0xff);
  return w + body;
}

// The same photos as an editor or a phone app saves them: XMP naming the author and the place
// again, and comments or PNG text chunks beside it.
inline const std::string& XmpPacket() {
  static const std::string x =
      "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF><rdf:Description exif:GPSLatitude=\"34,42.0N\" "
      "dc:creator=\"张三 13812345678\"/></rdf:RDF></x:xmpmeta>";
  return x;
}

inline std::string JpegWithText() {
  std::string j = Jpeg();
  auto segment = [](unsigned char marker, const std::string& data) {
    std::size_t len = data.size() + 2;
    std::string s("\xFF", 1);
    s += static_cast<char>(marker);
    s += static_cast<char>(len >> 8);
    s += static_cast<char>(len & 0xff);
    return s + data;
  };
  std::string extra = segment(0xE1, std::string("http://ns.adobe.com/xap/1.0/\0", 29) + XmpPacket()) +
                      segment(0xE1, std::string("http://ns.adobe.com/xmp/extension/\0", 35) + "0123456789ABCDEF" + XmpPacket()) +
                      segment(0xFE, "taken by 张三");
  return j.insert(2, extra);
}

inline std::string PngWithText() {
  std::string p = Png();
  auto chunk = [](const std::string& type, const std::string& data) {
    std::string c;
    std::size_t n = data.size();
    for (int i = 3; i >= 0; --i) c += static_cast<char>((n >> (8 * i)) & 0xff);
    return c + type + data + std::string(4, '\0');
  };
  std::string extra = chunk("tEXt", std::string("Author\0张三", 13)) +
                      chunk("zTXt", std::string("Comment\0\0x\x9c", 11)) +
                      chunk("iTXt", std::string("XML:com.adobe.xmp\0\0\0\0\0", 22) + XmpPacket());
  auto iend = p.rfind("IEND") - 4;
  return p.insert(iend, extra);
}

inline std::string WebpWithText() {
  std::string body = "WEBP";
  std::string vp8x("VP8X\x0A\0\0\0\x0C\0\0\0\0\0\0\0\0\0", 18);  // flags: EXIF and XMP
  body += vp8x;
  std::string exif = ExifWithGps();
  auto le = [](std::size_t n) {
    std::string s;
    for (int i = 0; i < 4; ++i) s += static_cast<char>((n >> (8 * i)) & 0xff);
    return s;
  };
  body += "EXIF" + le(exif.size()) + exif + (exif.size() & 1 ? std::string(1, '\0') : "");
  const std::string& xmp = XmpPacket();
  body += "XMP " + le(xmp.size()) + xmp + (xmp.size() & 1 ? std::string(1, '\0') : "");
  return "RIFF" + le(body.size()) + body;
}

}  // namespace onegrid::media::testing
