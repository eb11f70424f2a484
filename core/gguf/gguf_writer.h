#pragma once
#include "gguf/gguf_value.h"
#include "quant/ggml_type.h"

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace realm {

// Builds a GGUF v3 file: metadata in insertion order, then tensor infos, then the
// aligned tensor data. Values are serialized as they are added.
class GgufWriter {
  public:
    void setAlignment(uint64_t alignment); // also written as general.alignment when not 32

    void addString(std::string_view key, std::string_view value);
    void addBool(std::string_view key, bool value);
    void addUInt32(std::string_view key, uint32_t value);
    void addInt32(std::string_view key, int32_t value);
    void addUInt64(std::string_view key, uint64_t value);
    void addFloat32(std::string_view key, float value);
    void addFloat64(std::string_view key, double value);
    void addStringArray(std::string_view key, const std::vector<std::string>& values);
    void addFloat32Array(std::string_view key, const std::vector<float>& values);
    void addInt32Array(std::string_view key, const std::vector<int32_t>& values);
    // Copies a value read from another file, any type, arrays included.
    void addValue(std::string_view key, const GgufValue& value);

    // `data` must hold rowBytes(type, ne[0]) * rows bytes.
    void addTensor(std::string_view name, GgmlType type, const std::vector<int64_t>& ne,
                   std::vector<uint8_t> data);
    void addTensor(std::string_view name, GgmlType type, const std::vector<int64_t>& ne, const void* data,
                   uint64_t bytes);
    // A tensor whose bytes are produced while writing (see TensorFill), so a file larger
    // than memory can be written.
    void declareTensor(std::string_view name, GgmlType type, const std::vector<int64_t>& ne);

    // Asked for rows [firstRow, firstRow + rows) of declared tensor `index` (in order of
    // declaration among all tensors), to be written into dst (rows × rowBytes bytes).
    using TensorFill = std::function<void(size_t index, int64_t firstRow, int64_t rows, uint8_t* dst)>;

    // Writes to path + ".tmp" then renames, so a failed write never leaves a half file.
    // Declared tensors are produced by `fill` in chunks of about kFillChunkBytes; without
    // a fill they are left as a hole in a sparse file (reading as zeros, using no disk).
    void write(const std::string& path, const TensorFill& fill = {}) const;
    static constexpr uint64_t kFillChunkBytes = 64ull << 20;

  private:
    struct Tensor {
        std::string name;
        GgmlType type;
        std::vector<int64_t> ne;
        std::vector<uint8_t> data;
        uint64_t bytes;
        bool declared;
    };
    void checkNewTensor(std::string_view name, GgmlType type, const std::vector<int64_t>& ne,
                        uint64_t bytes) const;
    void beginKey(std::string_view key, GgufType type);
    void appendValue(const GgufValue& value);
    template <typename T> void put(T v);
    void putString(std::string_view s);

    uint64_t alignment_ = 32;
    uint64_t kvCount_ = 0;
    std::vector<uint8_t> kv_;
    std::vector<std::string> keys_;
    std::vector<Tensor> tensors_;
};

} // namespace realm
