#pragma once
#include <QString>

#include <string>

namespace realm::ui {

// A token's bytes made readable in a table cell: spaces as ␣, newlines/tabs/control bytes and
// bytes that are not valid UTF-8 as \xNN escapes (\n, \t for the common ones).
QString visiblePiece(const std::string& bytes);

} // namespace realm::ui
