// realm-cli quantize: F32/F16/BF16 weights to llama.cpp's quantized file types, as llama-quantize.
#include "command.h"
#include "engine_common.h"
#include "json_output.h"

#include "compute/thread_pool.h"
#include "quantlab/file_quantizer.h"

#include <csignal>
#include <cstdio>
#include <unistd.h>

namespace realm::cli {

namespace {
JobControl* interruptible = nullptr; // what Ctrl-C cancels

extern "C" void cancelOnInterrupt(int) {
    if (interruptible) interruptible->cancel(); // an atomic store: safe in a signal handler
}

// quantizeFile with progress on a terminal's stderr and Ctrl-C as Cancel.
QuantizeReport quantizeInterruptibly(const GgufFile& in, const std::string& outPath,
                                     const QuantFileType& fileType, ThreadPool* pool,
                                     const Imatrix* imatrix) {
    const bool tty = isatty(STDERR_FILENO) != 0;
    int shown = -1;
    JobControl control([&](double fraction) {
        const int percent = static_cast<int>(fraction * 100);
        if (!tty || percent == shown) return;
        shown = percent;
        std::fprintf(stderr, "\rquantizing: %3d %%", percent);
        std::fflush(stderr);
    });
    interruptible = &control;
    const auto previous = std::signal(SIGINT, cancelOnInterrupt);
    const auto restore = [&] {
        std::signal(SIGINT, previous);
        interruptible = nullptr;
        if (tty && shown >= 0) std::fprintf(stderr, "\n");
    };
    try {
        QuantizeReport r = quantizeFile(in, outPath, fileType, pool, &control, imatrix);
        restore();
        return r;
    } catch (...) {
        restore();
        throw;
    }
}

int runQuantize(const std::vector<std::string>& argv) {
    Args args(argv, {"-t", "--imatrix"}, {"--json", "--dry-run"});
    const std::string inPath = args.require(0, "IN"), outPath = args.require(1, "OUT");
    const std::string typeName = args.require(2, "TYPE");
    const std::optional<QuantFileType> fileType = quantFileType(typeName);
    if (!fileType) throw UsageError("unknown TYPE '" + typeName + "' (one of " + quantFileTypeNames() + ")");
    const auto in = GgufFile::open(inPath);
    std::optional<Imatrix> imatrix;
    if (args.has("--imatrix")) imatrix = readImatrix(args.value("--imatrix"));
    auto pool = makePool(args);

    const QuantizeReport r =
        args.has("--dry-run")
            ? planQuantization(*in, *fileType)
            : quantizeInterruptibly(*in, outPath, *fileType, pool.get(), imatrix ? &*imatrix : nullptr);
    if (args.has("--json")) {
        nlohmann::json tensors = nlohmann::json::array();
        for (const QuantizedTensor& t : r.tensors)
            tensors.push_back({{"name", t.name},
                               {"from", realm::typeName(t.from)},
                               {"to", realm::typeName(t.to)},
                               {"bytes_in", t.bytesIn},
                               {"bytes_out", t.bytesOut}});
        printJson({{"in", inPath},
                   {"out", outPath},
                   {"type", fileType->name},
                   {"file_type", fileType->ftype},
                   {"bytes_in", r.bytesIn},
                   {"bytes_out", r.bytesOut},
                   {"tensors", tensors}});
        return 0;
    }
    for (const QuantizedTensor& t : r.tensors)
        std::printf("%-36s %-6s -> %-6s %10.3f MiB -> %10.3f MiB\n", t.name.c_str(), realm::typeName(t.from),
                    realm::typeName(t.to), static_cast<double>(t.bytesIn) / (1 << 20),
                    static_cast<double>(t.bytesOut) / (1 << 20));
    std::printf("%s: %.2f MiB -> %.2f MiB (%s)\n", outPath.c_str(),
                static_cast<double>(r.bytesIn) / (1 << 20), static_cast<double>(r.bytesOut) / (1 << 20),
                fileType->name);
    return 0;
}

RegisterCommand quantize(
    {"quantize", "Quantize an F32/F16/BF16 file to a llama.cpp file type (as llama-quantize)",
     "Usage: realm-cli quantize IN OUT TYPE [--imatrix FILE] [--dry-run] [--json] [-t THREADS]\n\n"
     "Writes IN quantized to TYPE as llama-quantize IN OUT TYPE does: the same type for every\n"
     "tensor (the _S/_M/_L mixes give attn_v, ffn_down, attn_output and the output projection\n"
     "more bits where llama.cpp does; vectors and norms stay), the same tensor order and, without\n"
     "an importance matrix, the same bytes. Tensors that change type must be F32, F16 or BF16.\n"
     "OUT is written to OUT.tmp and renamed at the end: an error, a full disk or Ctrl-C leaves\n"
     "no OUT. Progress goes to a terminal's standard error.\n"
     "  --imatrix  weigh the columns by llama-imatrix's importance matrix (GGUF or .dat) as\n"
     "             llama-quantize --imatrix does\n"
     "  --dry-run  list the tensors and the types they would get, write nothing\n"
     "TYPE: Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, Q2_K, Q3_K_S, Q3_K_M (Q3_K), Q3_K_L, Q4_K_S, Q4_K_M (Q4_K),\n"
     "      Q5_K_S, Q5_K_M (Q5_K), Q6_K, F16, BF16, F32\n"
     "  --json  {\"in\", \"out\", \"type\", \"file_type\", \"bytes_in\", \"bytes_out\",\n"
     "          \"tensors\": [{\"name\", \"from\", \"to\", \"bytes_in\", \"bytes_out\"}]}\n",
     runQuantize});
} // namespace

} // namespace realm::cli
