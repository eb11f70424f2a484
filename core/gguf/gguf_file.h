#pragma once
#include "gguf/gguf_value.h"
#include "gguf/mapped_file.h"
#include "quant/ggml_type.h"
#include "util/error.h"

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace realm {

struct GgufTensorInfo {
    std::string name;
    GgmlType type;
    uint32_t nDims = 0;
    std::array<int64_t, 4> ne{1, 1, 1, 1}; // GGUF order: ne[0] is the contiguous row length
    uint64_t offset = 0;                   // absolute file offset of the data
    uint64_t bytes = 0;
    const uint8_t* data = nullptr; // view into the mapping

    int64_t rowLength() const { return ne[0]; }
    int64_t rows() const { return ne[1] * ne[2] * ne[3]; }
    int64_t elements() const { return ne[0] * ne[1] * ne[2] * ne[3]; }
    uint64_t rowBytes() const { return bytes / static_cast<uint64_t>(rows()); }
    std::string shapeString() const; // "[2048, 32000]"
};

// Thrown by GgufFile::open when its progress callback asked to stop.
class GgufOpenCancelled : public Error {
  public:
    using Error::Error;
};

struct GgufOpenOptions {
    // Called every few thousand header items with the header bytes parsed so far and the file
    // size (an upper bound of the header); returning false cancels the open (GgufOpenCancelled).
    // Large vocabularies make the header parse take a while: this keeps a load cancellable.
    std::function<bool(uint64_t parsed, uint64_t fileSize)> progress;
};

class GgufFile;

// What GgufFile::parseHeader made of the first bytes of a file: the parsed header, or how many
// bytes from the start of the file it needs before it can go on (needBytes > the bytes given).
struct GgufHeaderParse {
    std::shared_ptr<const GgufFile> file;
    uint64_t needBytes = 0;
};

// A parsed, memory-mapped GGUF file. Tensors are views into the mapping; nothing is
// copied or dequantized at load. Opening the same file twice returns the same object.
class GgufFile {
  public:
    // Throws realm::Error naming the file, the byte offset and what is wrong.
    static std::shared_ptr<const GgufFile> open(const std::string& path);
    static std::shared_ptr<const GgufFile> open(const std::string& path, const GgufOpenOptions& options);
    // Parses a header from `prefix`, the first bytes of a file of fileSize bytes that is not on
    // this computer (read over HTTP): the caller fetches more while needBytes says so. The file
    // keeps the bytes; its tensors have no data (data == nullptr, no mapping). Errors as open().
    static GgufHeaderParse parseHeader(const std::string& name, std::vector<uint8_t> prefix,
                                       uint64_t fileSize, const GgufOpenOptions& options = {});

    const std::string& path() const { return path_; }
    uint32_t version() const { return version_; }
    uint64_t fileSize() const { return fileSize_; }
    uint64_t alignment() const { return alignment_; }
    uint64_t dataOffset() const { return dataOffset_; }
    // Files from parseHeader have no mapping and no tensor data.
    bool hasMapping() const { return mapping_ != nullptr; }
    const MappedFile& mapping() const { return *mapping_; }

    const std::vector<GgufKeyValue>& metadata() const { return metadata_; }
    const GgufValue* find(std::string_view key) const;
    std::string getString(std::string_view key, std::string_view fallback = {}) const;
    int64_t getInt(std::string_view key, int64_t fallback) const;
    double getDouble(std::string_view key, double fallback) const;
    bool getBool(std::string_view key, bool fallback) const;
    std::string architecture() const { return getString("general.architecture"); }

    const std::vector<GgufTensorInfo>& tensors() const { return tensors_; }
    const GgufTensorInfo* findTensor(std::string_view name) const;

  private:
    friend class GgufParser;
    std::shared_ptr<MappedFile> mapping_;
    std::vector<uint8_t> header_; // the parsed bytes when there is no mapping
    std::string path_;
    uint64_t fileSize_ = 0;
    uint32_t version_ = 0;
    uint64_t alignment_ = 32;
    uint64_t dataOffset_ = 0;
    std::vector<GgufKeyValue> metadata_;
    std::unordered_map<std::string_view, size_t> keyIndex_;
    std::vector<GgufTensorInfo> tensors_;
    std::unordered_map<std::string_view, size_t> tensorIndex_;
};

} // namespace realm
