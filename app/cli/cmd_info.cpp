// realm-cli info / tensors: what a GGUF file holds, without touching tensor data.
#include "command.h"
#include "json_output.h"
#include "remote_header.h"

#include "gguf/gguf_file.h"
#include "gguf/gguf_json.h"
#include "gguf/metadata_names.h"
#include "runtime/memory_estimate.h"

#include <cstdio>
#include <optional>

namespace realm::cli {

namespace {
nlohmann::json tensorJson(const GgufTensorInfo& t) {
    nlohmann::json shape = nlohmann::json::array();
    for (uint32_t d = 0; d < t.nDims; ++d)
        shape.push_back(t.ne[d]);
    return {{"name", t.name},
            {"type", typeName(t.type)},
            {"shape", shape},
            {"offset", t.offset},
            {"bytes", t.bytes}};
}

nlohmann::json tensorsJson(const GgufFile& f) {
    nlohmann::json a = nlohmann::json::array();
    for (const auto& t : f.tensors())
        a.push_back(tensorJson(t));
    return a;
}

// Memory to run the model at its own context (f16 KV cache); nullopt for files that are not
// runnable models (no usable hyperparameters).
std::optional<MemoryEstimate> runEstimate(const GgufFile& f) {
    try {
        return estimateMemory(f, 0);
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

void printTensorTable(const GgufFile& f) {
    std::printf("%-40s %-8s %-24s %14s %14s\n", "name", "type", "shape", "offset", "bytes");
    for (const auto& t : f.tensors())
        std::printf("%-40s %-8s %-24s %14llu %14llu\n", t.name.c_str(), typeName(t.type),
                    t.shapeString().c_str(), static_cast<unsigned long long>(t.offset),
                    static_cast<unsigned long long>(t.bytes));
}

int runInfo(const std::vector<std::string>& argv) {
    Args args(argv, {}, {"--json"});
    auto file = openModelHeader(args.require(0, "MODEL"));
    if (args.has("--json")) {
        nlohmann::json meta = nlohmann::json::object();
        for (const auto& kv : file->metadata())
            meta[std::string(kv.key)] = toJson(kv.value);
        nlohmann::json out{{"path", file->path()},
                           {"file_size", file->fileSize()},
                           {"gguf_version", file->version()},
                           {"architecture", file->architecture()},
                           {"file_type", fileTypeSummary(*file)},
                           {"tensor_count", file->tensors().size()},
                           {"metadata", meta},
                           {"tensors", tensorsJson(*file)}};
        if (const auto e = runEstimate(*file))
            out["memory_estimate"] = {{"context_length", e->contextLength},
                                      {"weight_bytes", e->weightBytes},
                                      {"kv_cache_bytes", e->kvCacheBytes},
                                      {"scratch_bytes", e->scratchBytes},
                                      {"total_bytes", e->total()}};
        printJson(out);
        return 0;
    }
    uint64_t tensorBytes = 0, elements = 0;
    for (const auto& t : file->tensors()) {
        tensorBytes += t.bytes;
        elements += static_cast<uint64_t>(t.elements());
    }
    std::printf("file:          %s\n", file->path().c_str());
    std::printf("size:          %llu bytes\n", static_cast<unsigned long long>(file->fileSize()));
    std::printf("GGUF version:  %u\n", file->version());
    std::printf("architecture:  %s\n", file->architecture().c_str());
    std::printf("file type:     %s\n", fileTypeSummary(*file).c_str());
    std::printf("tensors:       %zu (%llu elements, %llu bytes, %.2f bits per weight)\n",
                file->tensors().size(), static_cast<unsigned long long>(elements),
                static_cast<unsigned long long>(tensorBytes),
                elements ? 8.0 * static_cast<double>(tensorBytes) / static_cast<double>(elements) : 0.0);
    if (const auto e = runEstimate(*file))
        std::printf("memory:        %llu bytes to run at context %lld (weights %llu + KV cache f16 %llu + "
                    "work buffers %llu)\n",
                    static_cast<unsigned long long>(e->total()), static_cast<long long>(e->contextLength),
                    static_cast<unsigned long long>(e->weightBytes),
                    static_cast<unsigned long long>(e->kvCacheBytes),
                    static_cast<unsigned long long>(e->scratchBytes));
    std::printf("metadata:      %zu keys\n", file->metadata().size());
    for (const auto& kv : file->metadata()) {
        const std::string value = describeMetadataValue(*file, kv.key, kv.value);
        std::printf("  %-44s %-7s %s\n", std::string(kv.key).c_str(),
                    kv.value.isArray() ? (std::string(ggufTypeName(kv.value.elementType())) + "[]").c_str()
                                       : ggufTypeName(kv.value.type),
                    value.c_str());
    }
    return 0;
}

int runTensors(const std::vector<std::string>& argv) {
    Args args(argv, {}, {"--json"});
    auto file = openModelHeader(args.require(0, "MODEL"));
    if (args.has("--json"))
        printJson(tensorsJson(*file));
    else
        printTensorTable(*file);
    return 0;
}

RegisterCommand
    info({"info", "Show a GGUF file's header, metadata and tensors",
          "Usage: realm-cli info (MODEL | http://HOST/MODEL.gguf) [--json]\n\n"
          "Prints the GGUF version, architecture, every metadata key and the tensor count.\n"
          "A URL is read with HTTP range requests: the header only, not the file.\n"
          "  --json  {\"path\", \"file_size\", \"gguf_version\", \"architecture\", \"tensor_count\",\n"
          "           \"metadata\": {key: value}, \"tensors\": [{\"name\", \"type\", \"shape\", \"offset\", "
          "\"bytes\"}]}\n",
          runInfo});
RegisterCommand
    tensors({"tensors", "List a GGUF file's tensors",
             "Usage: realm-cli tensors (MODEL | http://HOST/MODEL.gguf) [--json]\n\n"
             "Name, type, shape (GGUF order, ne0 first), absolute data offset and bytes of every tensor.\n",
             runTensors});
} // namespace

} // namespace realm::cli
