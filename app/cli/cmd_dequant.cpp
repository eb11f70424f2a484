// realm-cli dequant / stats: tensor values as f32.
#include "command.h"
#include "json_output.h"

#include "gguf/gguf_file.h"
#include "gguf/tensor_stats.h"
#include "util/error.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace realm::cli {

namespace {
const GgufTensorInfo& requireTensor(const GgufFile& file, const std::string& name) {
    const GgufTensorInfo* t = file.findTensor(name);
    if (!t) throw Error(file.path() + ": no tensor named '" + name + "'");
    return *t;
}

std::pair<int64_t, int64_t> parseRows(const std::string& spec, int64_t rows) {
    const auto [a, b] = parseSpan("--rows", spec, rows);
    if (a >= b || b > rows)
        throw UsageError("rows " + spec + " are outside the tensor's " + std::to_string(rows) + " rows");
    return {a, b};
}

int runDequant(const std::vector<std::string>& argv) {
    Args args(argv, {"--rows"}, {"--json"});
    auto file = GgufFile::open(args.require(0, "MODEL"));
    const GgufTensorInfo& t = requireTensor(*file, args.require(1, "TENSOR"));
    const auto [a, b] = parseRows(args.value("--rows", "0"), t.rows());
    const int64_t n = t.rowLength();
    std::vector<float> values(static_cast<size_t>((b - a) * n));
    file->mapping().checkIntact();
    dequantizeRows(t.type, t.data + a * t.rowBytes(), values.data(), n, b - a);
    if (args.has("--json")) {
        // Written by hand: 17-digit doubles from a JSON library would be twice as long.
        std::printf("{\"tensor\":\"%s\",\"type\":\"%s\",\"row_length\":%lld,\"first_row\":%lld,\"rows\":[",
                    t.name.c_str(), typeName(t.type), static_cast<long long>(n), static_cast<long long>(a));
        for (int64_t r = 0; r < b - a; ++r) {
            std::printf(r ? ",[" : "[");
            for (int64_t i = 0; i < n; ++i) {
                const float v = values[static_cast<size_t>(r * n + i)];
                if (std::isfinite(v))
                    std::printf(i ? ",%.9g" : "%.9g", v);
                else
                    std::printf(i ? ",null" : "null");
            }
            std::printf("]");
        }
        std::printf("]}\n");
    } else {
        for (int64_t r = 0; r < b - a; ++r) {
            std::printf("row %lld:", static_cast<long long>(a + r));
            for (int64_t i = 0; i < n; ++i)
                std::printf(" %.9g", values[static_cast<size_t>(r * n + i)]);
            std::printf("\n");
        }
    }
    return 0;
}

int runStats(const std::vector<std::string>& argv) {
    Args args(argv, {}, {"--json"});
    auto file = GgufFile::open(args.require(0, "MODEL"));
    const GgufTensorInfo& t = requireTensor(*file, args.require(1, "TENSOR"));
    const TensorStats s = computeTensorStats(t);
    if (args.has("--json")) {
        printJson({{"tensor", t.name},
                   {"type", typeName(t.type)},
                   {"count", s.count},
                   {"min", s.min},
                   {"max", s.max},
                   {"mean", s.mean},
                   {"std", s.std},
                   {"abs_max", s.absMax},
                   {"zeros", s.zeros},
                   {"nan", s.nan},
                   {"inf", s.inf},
                   {"histogram", s.histogram}});
    } else {
        std::printf("%s (%s, %s)\n", t.name.c_str(), typeName(t.type), t.shapeString().c_str());
        std::printf("count %llu  min %.6g  max %.6g  mean %.6g  std %.6g  abs-max %.6g\n",
                    static_cast<unsigned long long>(s.count), s.min, s.max, s.mean, s.std, s.absMax);
        std::printf("zeros %llu  NaN %llu  Inf %llu\nhistogram:", static_cast<unsigned long long>(s.zeros),
                    static_cast<unsigned long long>(s.nan), static_cast<unsigned long long>(s.inf));
        for (auto c : s.histogram)
            std::printf(" %llu", static_cast<unsigned long long>(c));
        std::printf("\n");
    }
    return 0;
}

RegisterCommand dequant(
    {"dequant", "Dequantize rows of a tensor to f32",
     "Usage: realm-cli dequant MODEL TENSOR --rows A[:B] [--json]\n\n"
     "Rows A..B-1 (A alone: one row; A: to the end) as float32.\n"
     "  --json  {\"tensor\", \"type\", \"row_length\", \"first_row\", \"rows\": [[...], ...]} (%.9g)\n",
     runDequant});
RegisterCommand stats({"stats", "Statistics and histogram of a tensor",
                       "Usage: realm-cli stats MODEL TENSOR [--json]\n\n"
                       "min, max, mean, std, abs-max, zeros, NaN/Inf count and a 64-bin histogram.\n",
                       runStats});
} // namespace

} // namespace realm::cli
