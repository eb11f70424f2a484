#pragma once
#include <stdexcept>
#include <string>

namespace realm {

// Every error the core reports to a person: the message already names the file,
// the byte offset or key and what was wrong.
class Error : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

} // namespace realm
