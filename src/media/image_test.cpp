#include "media/image.hpp"

#include <gtest/gtest.h>

#include "media/test_images.hpp"

namespace onegrid::media {
namespace {

TEST(Image, TypeComesFromTheBytes) {
  EXPECT_EQ(DetectImageType(testing::Jpeg()), ImageType::kJpeg);
  EXPECT_EQ(DetectImageType(testing::Png()), ImageType::kPng);
  EXPECT_EQ(DetectImageType(testing::Webp()), ImageType::kWebp);
  EXPECT_FALSE(DetectImageType("GIF89a......").has_value());
  EXPECT_FALSE(DetectImageType("%PDF-1.7").has_value());
  EXPECT_FALSE(DetectImageType("").has_value());
}

TEST(Image, GpsIsBlankedAndTheRestKept) {
  for (auto make : {&testing::Jpeg, &testing::Png, &testing::Webp}) {
    std::string img = make();
    auto type = DetectImageType(img);
    ASSERT_TRUE(type.has_value());
    std::string before = img;
    auto r = StripGps(img, *type);
    ASSERT_TRUE(r.has_value()) << r.error().message;
    EXPECT_TRUE(*r);
    EXPECT_EQ(img.size(), before.size());
    // The latitude's rational numbers (34/1 42/1) are gone; "N" is gone.
    std::string lat("\x22\0\0\0\x01\0\0\0\x2A\0\0\0", 12);
    EXPECT_NE(before.find(lat), std::string::npos);
    EXPECT_EQ(img.find(lat), std::string::npos);
    // Orientation (tag 0x0112 = 6) is still there.
    std::string orientation("\x12\x01\x03\0\x01\0\0\0\x06\0", 10);
    EXPECT_NE(img.find(orientation), std::string::npos);
    // Stripping again finds an empty GPS directory and changes nothing.
    std::string again = img;
    EXPECT_TRUE(StripGps(again, *type).has_value());
    EXPECT_EQ(again, img);
  }
}

TEST(Image, PngChunkCrcIsRewritten) {
  std::string img = testing::Png();
  ASSERT_TRUE(StripGps(img, ImageType::kPng).has_value());
  auto at = img.find("eXIf");
  ASSERT_NE(at, std::string::npos);
  std::string crc = img.substr(at + 4 + testing::ExifWithGps().size(), 4);
  EXPECT_NE(crc, std::string(4, '\0'));
}

TEST(Image, MalformedContainersAreRefused) {
  std::string jpeg = testing::Jpeg();
  jpeg[4] = '\x7F';  // a segment length running past the end
  auto r = StripGps(jpeg, ImageType::kJpeg);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().field, "file");
  std::string tiff = testing::ExifWithGps();
  tiff[4] = '\x70';  // IFD0 offset out of bounds
  EXPECT_FALSE(StripGpsFromTiff(tiff.data(), tiff.size()).has_value());
}

// Found by the fuzzer (fuzz/corpus/image/overlapping_gps_value): a GPS value whose offset points
// back at the TIFF header was blanked, zeroing the header and leaving the EXIF unreadable.
TEST(Image, AGpsValueOrDirectoryLaidOverTheStructureIsRefused) {
  std::string tiff = testing::ExifWithGps();
  // The latitude's value offset (GPS IFD at 38, its second entry at 52, the offset at 60) → 0.
  std::string at_header = tiff;
  at_header.replace(60, 4, std::string(4, '\0'));
  auto r = StripGpsFromTiff(at_header.data(), at_header.size());
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message, "the image is malformed: GPS value overlaps the EXIF header or a directory");
  EXPECT_EQ(at_header.substr(0, 4), std::string("II*\0", 4));  // nothing was blanked
  // The GPS directory itself over IFD0 (its offset, at 30, → 8).
  std::string over_ifd0 = tiff;
  over_ifd0[30] = '\x08';
  EXPECT_EQ(StripGpsFromTiff(over_ifd0.data(), over_ifd0.size()).error().message,
            "the image is malformed: GPS directory overlaps the EXIF header or directory");
  // Well-formed, it is blanked, and blanking again changes nothing.
  ASSERT_TRUE(*StripGpsFromTiff(tiff.data(), tiff.size()));
  std::string once = tiff;
  ASSERT_TRUE(StripGpsFromTiff(tiff.data(), tiff.size()).has_value());
  EXPECT_EQ(tiff, once);
}

TEST(Image, XmpCommentsAndTextChunksAreDroppedAndTheImageKept) {
  struct Case {
    std::string img;
    int blocks;
  };
  for (auto [img, blocks] : {Case{testing::JpegWithText(), 3}, Case{testing::PngWithText(), 3},
                             Case{testing::WebpWithText(), 1}}) {
    auto type = DetectImageType(img);
    ASSERT_TRUE(type.has_value());
    ASSERT_NE(img.find("13812345678"), std::string::npos);
    auto r = DropTextMetadata(img, *type);
    ASSERT_TRUE(r.has_value()) << r.error().message;
    EXPECT_EQ(*r, blocks);
    EXPECT_EQ(DetectImageType(img), type);
    EXPECT_EQ(img.find("13812345678"), std::string::npos);
    EXPECT_EQ(img.find("GPSLatitude"), std::string::npos);
    EXPECT_EQ(img.find("张三"), std::string::npos);
    // The EXIF stays, and its GPS is still found and blanked.
    auto gps = StripGps(img, *type);
    ASSERT_TRUE(gps.has_value()) << gps.error().message;
    EXPECT_TRUE(*gps);
    // Dropping again finds nothing and changes nothing.
    std::string once = img;
    EXPECT_EQ(*DropTextMetadata(img, *type), 0);
    EXPECT_EQ(img, once);
  }
  // The WebP's RIFF size is its new length, its XMP flag cleared, its EXIF flag kept.
  std::string webp = testing::WebpWithText();
  ASSERT_TRUE(DropTextMetadata(webp, ImageType::kWebp).has_value());
  std::size_t riff = static_cast<unsigned char>(webp[4]) | (static_cast<unsigned char>(webp[5]) << 8) |
                     (static_cast<unsigned char>(webp[6]) << 16);
  EXPECT_EQ(riff, webp.size() - 8);
  EXPECT_EQ(static_cast<unsigned char>(webp[20]), 0x08);
  // A JPEG's scan is kept byte for byte.
  std::string jpeg = testing::JpegWithText();
  ASSERT_TRUE(DropTextMetadata(jpeg, ImageType::kJpeg).has_value());
  EXPECT_EQ(jpeg, testing::Jpeg());
}

TEST(Image, AnImageWithoutTextMetadataIsLeftAsItIs) {
  for (auto make : {&testing::Jpeg, &testing::Png, &testing::Webp}) {
    std::string img = make();
    auto r = DropTextMetadata(img, *DetectImageType(img));
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(*r, 0);
    EXPECT_EQ(img, make());
  }
}

// Found by the fuzzer (fuzz/corpus/image/jpeg_only_xmp): a JPEG that was nothing but an XMP
// segment came out as two bytes that are no longer a JPEG.
TEST(Image, AnImageThatIsNothingButMetadataIsRefused) {
  std::string only = std::string("\xFF\xD8\xFF\xFE\x00\x04hi", 8);
  auto r = DropTextMetadata(only, ImageType::kJpeg);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message, "the image is malformed: nothing but metadata, no image");
  EXPECT_EQ(only.size(), 8u);
}

TEST(Image, AMalformedContainerIsRefusedAndLeftAsItWas) {
  std::string png = testing::PngWithText();
  png[8] = '\x7F';  // IHDR's length past the end
  std::string before = png;
  auto r = DropTextMetadata(png, ImageType::kPng);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().field, "file");
  EXPECT_EQ(png, before);
  std::string jpeg = testing::JpegWithText();
  jpeg[4] = '\x7F';
  before = jpeg;
  EXPECT_FALSE(DropTextMetadata(jpeg, ImageType::kJpeg).has_value());
  EXPECT_EQ(jpeg, before);
}

}  // namespace
}  // namespace onegrid::media
