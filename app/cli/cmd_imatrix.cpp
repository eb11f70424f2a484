// realm-cli imatrix: what an importance matrix (llama-imatrix, GGUF or legacy .dat) holds.
#include "command.h"
#include "json_output.h"

#include "quantlab/imatrix.h"
#include "util/error.h"

#include <cstdio>

namespace realm::cli {

namespace {
int runImatrix(const std::vector<std::string>& argv) {
    Args args(argv, {"--tensor"}, {"--json"});
    const std::string path = args.require(0, "FILE");
    const Imatrix m = readImatrix(path);
    const ImatrixEntry* chosen = nullptr;
    if (args.has("--tensor")) {
        chosen = m.find(args.value("--tensor"));
        if (!chosen) throw Error(path + ": no entry for tensor " + args.value("--tensor"));
    }
    if (args.has("--json")) {
        nlohmann::json entries = nlohmann::json::array();
        for (const ImatrixEntry& e : m.entries) {
            const ImatrixStats s = imatrixStats(e);
            entries.push_back({{"name", e.name},
                               {"values", e.sums.size()},
                               {"matrices", e.counts.size()},
                               {"counts", e.counts},
                               {"sum", s.sum},
                               {"min", s.min},
                               {"max", s.max},
                               {"mean", s.mean},
                               {"std", s.std},
                               {"active", s.active},
                               {"entropy", s.entropy},
                               {"zd", s.zd}});
        }
        nlohmann::json out = {{"file", path},
                              {"format", m.legacy ? "legacy" : "gguf"},
                              {"datasets", m.datasets},
                              {"chunk_count", m.chunkCount},
                              {"chunk_size", m.chunkSize},
                              {"entries", entries}};
        if (chosen) out["importance"] = chosen->importance(m.legacy);
        printJson(out);
        return 0;
    }
    if (chosen) {
        for (float v : chosen->importance(m.legacy))
            std::printf("%.9g\n", static_cast<double>(v));
        return 0;
    }
    std::printf("%s: %s format, %zu entries, %lld chunks of %lld tokens", path.c_str(),
                m.legacy ? "legacy" : "GGUF", m.entries.size(), static_cast<long long>(m.chunkCount),
                static_cast<long long>(m.chunkSize));
    for (const std::string& d : m.datasets)
        std::printf(", dataset %s", d.c_str());
    std::printf("\n%-32s %7s %12s %10s %10s %8s %8s %8s %8s %6s\n", "tensor", "N", "sum(act^2)", "min", "max",
                "mean", "std", "active%", "entropy", "ZD%");
    for (const ImatrixEntry& e : m.entries) {
        const ImatrixStats s = imatrixStats(e);
        std::printf("%-32s %7lld %12.2f %10.4f %10.4f %8.2f %8.2f %8.2f %8.4f %6.2f\n", e.name.c_str(),
                    static_cast<long long>(s.values), s.sum, s.min, s.max, s.mean, s.std, 100 * s.active,
                    s.entropy, 100 * s.zd);
    }
    return 0;
}

RegisterCommand imatrix(
    {"imatrix", "Show an importance matrix (llama-imatrix's GGUF or legacy .dat file)",
     "Usage: realm-cli imatrix FILE [--tensor NAME] [--json]\n\n"
     "Reads either format and prints, per weight tensor, the statistics llama-imatrix\n"
     "--show-statistics prints (over the mean squared activation of each input column): N, the\n"
     "sum, min, max, mean, standard deviation, % active (> 1e-5), entropy in bits and ZD (% more\n"
     "than one standard deviation above the mean).\n"
     "  --tensor NAME  print that tensor's per-column importance (what llama-quantize weighs by)\n"
     "  --json         {\"file\", \"format\": \"gguf\"|\"legacy\", \"datasets\", \"chunk_count\", "
     "\"chunk_size\",\n"
     "                 \"entries\": [{\"name\", \"values\", \"matrices\", \"counts\", \"sum\", \"min\", "
     "\"max\", \"mean\",\n"
     "                 \"std\", \"active\", \"entropy\", \"zd\"}], \"importance\": [...] with --tensor}\n",
     runImatrix});
} // namespace

} // namespace realm::cli
