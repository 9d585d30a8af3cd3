#include "core/json_parse.hpp"

#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <type_traits>
#include <unordered_set>
#include <vector>

#include "core/utf8.hpp"

namespace onegrid::core {
namespace {

using json = nlohmann::json;
using DomParser = nlohmann::detail::json_sax_dom_parser<json>;

// nlohmann's tree builder, watched: sax_parse calls these by name, so each hides the base's and
// passes on what it accepts. A refusal returns false, which stops the parse at once.
class BoundedSax : public DomParser {
 public:
  BoundedSax(json& root, JsonLimits limits) : DomParser(root, false), limits_(limits) {}

  bool null() { return Value() && DomParser::null(); }
  bool boolean(bool v) { return Value() && DomParser::boolean(v); }
  bool number_integer(json::number_integer_t v) { return Value() && DomParser::number_integer(v); }
  bool number_unsigned(json::number_unsigned_t v) {
    return Value() && DomParser::number_unsigned(v);
  }
  bool number_float(json::number_float_t v, const std::string& text) {
    if (!Value()) return false;
    if (!std::isfinite(v))
      return Refuse("must be a finite number, not " + std::string(CutUtf8(text, 40)));
    return DomParser::number_float(v, text);
  }
  bool string(std::string& v) { return Value() && DomParser::string(v); }
  bool binary(json::binary_t& v) { return Value() && DomParser::binary(v); }
  bool start_object(std::size_t n) { return Open(false) && DomParser::start_object(n); }
  bool key(std::string& k) {
    Frame& f = frames_.back();
    f.key = k;
    if (!f.keys.insert(k).second) return Refuse("is given twice");
    return DomParser::key(k);
  }
  bool end_object() {
    frames_.pop_back();
    return DomParser::end_object();
  }
  bool start_array(std::size_t n) { return Open(true) && DomParser::start_array(n); }
  bool end_array() {
    frames_.pop_back();
    return DomParser::end_array();
  }
  template <class Exception>
  bool parse_error(std::size_t position, const std::string& token, const Exception& ex) {
    if (!error_) {
      // A syntax error: where it is, in bytes.
      if constexpr (std::is_same_v<Exception, nlohmann::detail::parse_error>) {
        error_ = InvalidArgument("malformed JSON at byte " + std::to_string(ex.byte));
      } else if constexpr (std::is_same_v<Exception, nlohmann::detail::out_of_range>) {
        Value();  // a number too large for a double (1e309): the lexer's refusal, named as ours
        Refuse("must be a finite number, not " + std::string(CutUtf8(token, 40)));
      } else {
        error_ = InvalidArgument("malformed JSON at byte " + std::to_string(position));
      }
    }
    return DomParser::parse_error(position, token, ex);
  }

  std::optional<Error>& error() { return error_; }

 private:
  struct Frame {
    bool array = false;
    std::size_t elements = 0;  // of an array: started so far (the last is the one being read)
    std::string key;           // of an object: the name being read
    std::unordered_set<std::string> keys;
  };

  // Every value counts as the next element of the array it is in.
  bool Value() {
    if (!frames_.empty() && frames_.back().array) ++frames_.back().elements;
    return true;
  }
  bool Open(bool array) {
    Value();
    if (static_cast<int>(frames_.size()) >= limits_.max_depth) {
      return Refuse("is nested deeper than " + std::to_string(limits_.max_depth) + " levels");
    }
    frames_.emplace_back();
    frames_.back().array = array;
    return true;
  }
  bool Refuse(std::string message) {
    error_ = InvalidArgument(std::move(message), Path());
    return false;
  }
  // The dotted path of the value being read, at most 200 bytes (a hostile tree's path is long).
  std::string Path() const {
    std::string path;
    for (const auto& f : frames_) {
      if (f.array) {
        path += "[" + std::to_string(f.elements == 0 ? 0 : f.elements - 1) + "]";
      } else {  // a value in an object always follows its name
        path += (path.empty() ? "" : ".") + f.key;
      }
      if (path.size() > 200) break;
    }
    return std::string(CutUtf8(path, 200));
  }

  JsonLimits limits_;
  std::vector<Frame> frames_;
  std::optional<Error> error_;
};

}  // namespace

Result<json> ParseJson(std::string_view text, JsonLimits limits) {
  json root;
  BoundedSax sax(root, limits);
  const bool ok = json::sax_parse(text.begin(), text.end(), &sax);
  if (!ok || sax.is_errored() || sax.error()) {
    if (sax.error()) return std::move(*sax.error());
    return InvalidArgument("malformed JSON");
  }
  return root;
}

std::optional<std::int64_t> IntegerIn(const nlohmann::json& v, std::int64_t min, std::int64_t max) {
  if (v.is_number_unsigned()) {
    const auto u = v.get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
      return std::nullopt;
    const auto i = static_cast<std::int64_t>(u);
    return i >= min && i <= max ? std::optional<std::int64_t>(i) : std::nullopt;
  }
  if (!v.is_number_integer()) return std::nullopt;
  const auto i = v.get<std::int64_t>();
  return i >= min && i <= max ? std::optional<std::int64_t>(i) : std::nullopt;
}

std::string_view StringMember(const nlohmann::json& object, std::string_view key) {
  if (!object.is_object()) return {};
  auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return {};
  return it->get_ref<const std::string&>();
}

}  // namespace onegrid::core
