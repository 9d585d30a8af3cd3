// multipart/form-data (RFC 7578) as uploads send it: the parts with their field name, file name,
// declared type and bytes (views into the body). Errors say what is malformed. Pure.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace onegrid::api {

struct FormPart {
  std::string name;
  std::string filename;
  std::string content_type;
  std::string_view data;
};

core::Result<std::vector<FormPart>> ParseMultipart(std::string_view content_type,
                                                   std::string_view body);

}  // namespace onegrid::api
