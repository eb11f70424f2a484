#pragma once
#include <QString>

#include <cstdint>
#include <string_view>

namespace realm::ui {

// "1.23 KiB", "637 MiB", "2.50 GiB": binary units, 3 significant digits.
QString formatBytes(uint64_t bytes);
// A binary unit for a chart axis whose values go up to `bytes`: they read as 0 … 1023 in it.
struct ByteScale {
    double divisor = 1;
    QString unit; // "B", "KiB", "MiB", "GiB", "TiB"
};
ByteScale byteScaleFor(double bytes);
// "32,000": thousands separators regardless of locale, so screenshots read the same everywhere.
QString formatCount(uint64_t n);
// "1.10 B", "68.0 M": parameter counts.
QString formatParams(uint64_t n);
// A token piece made visible: spaces as ␣, newlines/tabs/control bytes escaped (\n, \t, \x1B).
QString visiblePiece(std::string_view bytes);
// A float with 4 significant digits, or "nan"/"inf".
QString formatValue(double v);

} // namespace realm::ui
