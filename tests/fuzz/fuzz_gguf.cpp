// Fuzzes the GGUF reader, then dequantizes one row of every tensor it accepted.
#include "gguf/gguf_file.h"
#include "util/error.h"

#include <cstdio>
#include <string>
#include <unistd.h>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const std::string path = "/dev/shm/realm-fuzz-gguf-" + std::to_string(::getpid()) + ".gguf";
    FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) return 0;
    std::fwrite(data, 1, size, f);
    std::fclose(f);
    try {
        auto file = realm::GgufFile::open(path);
        for (const auto& kv : file->metadata())
            (void)kv.value.describe();
        std::vector<float> row;
        for (const auto& t : file->tensors()) {
            if (t.rowLength() > (1 << 20)) continue; // bounded work per input
            row.resize(static_cast<size_t>(t.rowLength()));
            try {
                realm::dequantizeRows(t.type, t.data, row.data(), t.rowLength(), 1);
            } catch (const realm::Error&) {
                // a type without a dequantizer: reported, not a crash
            }
        }
    } catch (const realm::Error&) {
    }
    return 0;
}
