#pragma once
#include "gguf/gguf_file.h"

#include <memory>
#include <string>

namespace realm::cli {

// MODEL as a path (mapped) or an http:// URL whose header is read with range requests, as the
// app does (growing the range until the parser has it all); the tensors of a URL have no data.
std::shared_ptr<const GgufFile> openModelHeader(const std::string& pathOrUrl);

} // namespace realm::cli
