// realm-cli compare: every tensor of two files of the same model, how far B is from A.
#include "command.h"
#include "json_output.h"

#include "quantlab/tensor_compare.h"

#include <cstdio>

namespace realm::cli {

namespace {
std::vector<int64_t> shapeOf(const TensorDifference& d) {
    return std::vector<int64_t>(d.ne.begin(), d.ne.begin() + d.nDims);
}

int runCompare(const std::vector<std::string>& argv) {
    Args args(argv, {}, {"--json"});
    const auto a = GgufFile::open(args.require(0, "A"));
    const auto b = GgufFile::open(args.require(1, "B"));
    const FileComparison c = compareFiles(*a, *b);
    if (args.has("--json")) {
        nlohmann::json tensors = nlohmann::json::array();
        for (const TensorDifference& d : c.tensors)
            tensors.push_back({{"name", d.name},
                               {"shape", shapeOf(d)},
                               {"type_a", typeName(d.typeA)},
                               {"type_b", typeName(d.typeB)},
                               {"rmse", d.rmse},
                               {"max_abs_error", d.maxAbsError},
                               {"cosine", d.cosine},
                               {"relative_error", d.relativeError}});
        printJson(
            {{"a", a->path()}, {"b", b->path()}, {"architecture", a->architecture()}, {"tensors", tensors}});
        return 0;
    }
    std::printf("%-32s %-7s %-7s %12s %12s %12s %12s\n", "tensor", "A", "B", "RMSE", "max |err|", "cosine",
                "rel. error");
    for (const TensorDifference& d : c.tensors)
        std::printf("%-32s %-7s %-7s %12.6g %12.6g %12.9f %12.6g\n", d.name.c_str(), typeName(d.typeA),
                    typeName(d.typeB), d.rmse, d.maxAbsError, d.cosine, d.relativeError);
    return 0;
}

RegisterCommand compare(
    {"compare", "Compare every tensor of two files of the same model (RMSE, max error, cosine)",
     "Usage: realm-cli compare A B [--json]\n\n"
     "Compares each tensor of B with A's tensor of the same name (A is the reference), a block of\n"
     "rows at a time: both types, RMSE, largest absolute error, cosine similarity and relative error\n"
     "|B − A| / |A|. The files must have the same architecture, tensor names and shapes; otherwise\n"
     "the first mismatch is named.\n"
     "  --json  {\"a\", \"b\", \"architecture\", \"tensors\": [{\"name\", \"shape\", \"type_a\", "
     "\"type_b\",\n"
     "          \"rmse\", \"max_abs_error\", \"cosine\", \"relative_error\"}]}\n",
     runCompare});
} // namespace

} // namespace realm::cli
