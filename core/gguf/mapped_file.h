#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace realm {

// A read-only memory mapping of a whole file. Opening the same file (same device,
// inode, size and mtime) while a mapping of it is alive returns that mapping.
class MappedFile {
  public:
    static std::shared_ptr<MappedFile> open(const std::string& path);
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    const std::string& path() const { return path_; }
    const uint8_t* data() const { return data_; }
    uint64_t size() const { return size_; }

    // Bytes of this mapping resident in RAM (mincore), for memory accounting: all of it, or the
    // pages of [offset, offset + length) (clamped to the file). mincore looks each page up, about
    // 10-50 ms per GB: over a large file, count it a part at a time.
    uint64_t residentBytes() const { return residentBytes(0, size_); }
    uint64_t residentBytes(uint64_t offset, uint64_t length) const;
    // Bytes of this mapping the kernel maps with 2 MB page-table entries (FilePmdMapped in
    // /proc/self/smaps; 0 where unknown). Mapping a file costs far more, on first touch, where
    // its page cache is held in small pieces (a file just written): benchmarks print it.
    uint64_t hugePageBytes() const;

    // Reading a page past the end of a file that was truncated in place raises SIGBUS.
    // Call before touching tensor data: throws realm::Error when the file on disk is now
    // shorter than the mapping. (A file replaced by rename keeps its old inode mapped: safe.)
    void checkIntact() const;
    // The file at path() is no longer the one mapped (replaced, truncated or removed).
    bool changedOnDisk() const;

  private:
    MappedFile() = default;
    std::string path_;
    const uint8_t* data_ = nullptr;
    uint64_t size_ = 0;
    int fd_ = -1; // kept open to fstat the mapped inode
    uint64_t inode_ = 0;
    int64_t mtimeNs_ = 0;
};

} // namespace realm
