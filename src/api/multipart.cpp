#include "api/multipart.hpp"

#include <algorithm>
#include <cctype>

#include "core/utf8.hpp"

namespace onegrid::api {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// The value of `key=` in a header's parameters ("form-data; name=\"file\"").
std::string Param(std::string_view header, std::string_view key) {
  std::string lower = Lower(header);
  std::string needle = std::string(key) + "=";
  std::size_t at = 0;
  while ((at = lower.find(needle, at)) != std::string::npos) {
    if (at == 0 || lower[at - 1] == ';' || lower[at - 1] == ' ') break;
    at += needle.size();
  }
  if (at == std::string::npos) return "";
  std::string_view v = header.substr(at + needle.size());
  if (!v.empty() && v.front() == '"') {
    auto end = v.find('"', 1);
    return std::string(v.substr(1, end == std::string_view::npos ? v.size() - 1 : end - 1));
  }
  return std::string(v.substr(0, v.find(';')));
}

}  // namespace

core::Result<std::vector<FormPart>> ParseMultipart(std::string_view content_type,
                                                   std::string_view body) {
  if (Lower(content_type.substr(0, content_type.find(';'))) != "multipart/form-data") {
    return core::InvalidArgument("the body must be sent as multipart/form-data");
  }
  std::string boundary = Param(content_type, "boundary");
  if (boundary.empty() || boundary.size() > 70) {
    return core::InvalidArgument("multipart/form-data needs a boundary of 1 to 70 characters");
  }
  std::string delimiter = "--" + boundary;
  std::vector<FormPart> parts;
  std::size_t pos = body.find(delimiter);
  if (pos == std::string_view::npos) return core::InvalidArgument("the multipart body has no boundary line");
  for (;;) {
    pos += delimiter.size();
    if (body.substr(pos, 2) == "--") return parts;  // the closing delimiter
    if (body.substr(pos, 2) != "\r\n") return core::InvalidArgument("malformed multipart boundary line");
    pos += 2;
    auto headers_end = body.find("\r\n\r\n", pos);
    if (headers_end == std::string_view::npos) return core::InvalidArgument("a multipart part has no header end");
    FormPart part;
    std::string_view headers = body.substr(pos, headers_end - pos);
    while (!headers.empty()) {
      auto eol = headers.find("\r\n");
      std::string_view line = headers.substr(0, eol);
      headers = eol == std::string_view::npos ? std::string_view() : headers.substr(eol + 2);
      auto colon = line.find(':');
      if (colon == std::string_view::npos) continue;
      std::string name = Lower(line.substr(0, colon));
      std::string_view value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      if (name == "content-disposition") {
        part.name = Param(value, "name");
        part.filename = Param(value, "filename");
      } else if (name == "content-type") {
        part.content_type = std::string(value);
      }
    }
    // The part's name and file name are kept (the file name in the case's log): text only.
    if (!core::IsUtf8(part.name)) return core::InvalidArgument("a part's name is not valid UTF-8 text", "multipart");
    if (auto bad = core::CheckUtf8(part.filename, part.name + ".filename"); !bad) return bad.error();
    std::size_t data_start = headers_end + 4;
    auto next = body.find("\r\n" + delimiter, data_start);
    if (next == std::string_view::npos) return core::InvalidArgument("the multipart body is cut short");
    part.data = body.substr(data_start, next - data_start);
    parts.push_back(std::move(part));
    pos = next + 2;
  }
}

}  // namespace onegrid::api
