// MediaStore on the local file system: DIR/ab/abcdef… (the first two hex digits fan out the
// directory). Used beside the SQLite database (DB_PATH.media/).
#pragma once

#include <memory>
#include <string>

#include "store/media_store.hpp"

namespace onegrid::store_sql {

std::unique_ptr<store::MediaStore> MakeFileMediaStore(const std::string& dir);

}  // namespace onegrid::store_sql
