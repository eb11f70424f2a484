#include "gguf/mapped_file.h"

#include "util/error.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <map>
#include <mutex>
#include <sys/mman.h>
#include <sys/stat.h>
#include <tuple>
#include <unistd.h>
#include <utility>
#include <vector>

namespace realm {

namespace {
using FileIdentity = std::tuple<dev_t, ino_t, off_t, int64_t, int64_t>;
std::mutex registryMutex;
std::map<FileIdentity, std::weak_ptr<MappedFile>>& registry() {
    static std::map<FileIdentity, std::weak_ptr<MappedFile>> r;
    return r;
}

class FileDescriptor {
  public:
    explicit FileDescriptor(int fd) : fd_(fd) {}
    ~FileDescriptor() {
        if (fd_ >= 0) ::close(fd_);
    }
    int get() const { return fd_; }
    int release() { return std::exchange(fd_, -1); }

  private:
    int fd_;
};
} // namespace

std::shared_ptr<MappedFile> MappedFile::open(const std::string& path) {
    FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
    if (fd.get() < 0) throw Error(path + ": cannot open: " + std::strerror(errno));
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) throw Error(path + ": cannot stat: " + std::strerror(errno));
    if (S_ISDIR(st.st_mode)) throw Error(path + ": is a directory, not a GGUF file");
    if (!S_ISREG(st.st_mode)) throw Error(path + ": is not a regular file (a FIFO, socket or device)");
    if (st.st_size == 0) throw Error(path + ": the file is empty (0 bytes)");

    FileIdentity id{st.st_dev, st.st_ino, st.st_size, st.st_mtim.tv_sec, st.st_mtim.tv_nsec};
    std::lock_guard lock(registryMutex);
    auto& reg = registry();
    if (auto it = reg.find(id); it != reg.end()) {
        if (auto existing = it->second.lock()) return existing;
    }
    void* addr = ::mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_SHARED, fd.get(), 0);
    if (addr == MAP_FAILED) throw Error(path + ": cannot map: " + std::strerror(errno));
    // Pages read in from disk from now on come in 2 MB folios that the mapping then maps
    // with one TLB entry each: decoding walks gigabytes of weights, and on this VM a file
    // held in 4 KB pages took twice as long from open to the first token of an 8B model
    // (and ~8% more CPU per token). Advice only: no I/O, and ignored where unsupported.
    ::madvise(addr, static_cast<size_t>(st.st_size), MADV_HUGEPAGE);
    std::shared_ptr<MappedFile> mapped(new MappedFile());
    mapped->path_ = path;
    mapped->data_ = static_cast<const uint8_t*>(addr);
    mapped->size_ = static_cast<uint64_t>(st.st_size);
    mapped->inode_ = static_cast<uint64_t>(st.st_ino);
    mapped->mtimeNs_ = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    mapped->fd_ = fd.release();
    for (auto it = reg.begin(); it != reg.end();)
        it = it->second.expired() ? reg.erase(it) : std::next(it);
    reg[id] = mapped;
    return mapped;
}

MappedFile::~MappedFile() {
    // In slices: the kernel holds the process's memory map lock while it unmaps, and every page
    // fault of every thread waits on it (an 8B model in one call: 35-50 ms of a window frozen).
    constexpr uint64_t UnmapSlice = uint64_t(64) << 20; // whole 2 MB pages
    for (uint64_t at = 0; data_ && at < size_; at += UnmapSlice)
        ::munmap(const_cast<uint8_t*>(data_) + at, static_cast<size_t>(std::min(UnmapSlice, size_ - at)));
    if (fd_ >= 0) ::close(fd_);
}

void MappedFile::checkIntact() const {
    struct stat st {};
    if (fd_ >= 0 && ::fstat(fd_, &st) == 0 && static_cast<uint64_t>(st.st_size) < size_)
        throw Error(path_ + ": the file was truncated on disk (now " + std::to_string(st.st_size) +
                    " bytes, " + std::to_string(size_) + " when opened); reload it");
}

bool MappedFile::changedOnDisk() const {
    struct stat st {};
    if (::stat(path_.c_str(), &st) != 0) return true;
    const int64_t mtime = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    return static_cast<uint64_t>(st.st_ino) != inode_ || static_cast<uint64_t>(st.st_size) != size_ ||
           mtime != mtimeNs_;
}

uint64_t MappedFile::residentBytes(uint64_t offset, uint64_t length) const {
    const uint64_t page = static_cast<uint64_t>(::sysconf(_SC_PAGESIZE));
    const uint64_t first = std::min(offset, size_), end = first + std::min(length, size_ - first);
    if (end <= first) return 0;
    const uint64_t begin = first / page * page; // mincore wants a page-aligned start
    std::vector<unsigned char> vec((end - begin + page - 1) / page);
    if (::mincore(const_cast<uint8_t*>(data_ + begin), end - begin, vec.data()) != 0) return 0;
    uint64_t resident = 0;
    for (unsigned char v : vec)
        resident += (v & 1);
    return std::min<uint64_t>(resident * page, end - begin);
}

uint64_t MappedFile::hugePageBytes() const {
    std::ifstream smaps("/proc/self/smaps");
    const auto start = reinterpret_cast<uintptr_t>(data_);
    std::string line;
    bool inMapping = false;
    while (std::getline(smaps, line)) {
        // A mapping's header starts with its hex address range, its fields with a name.
        if (std::isxdigit(static_cast<unsigned char>(line[0])) && line.find('-') != std::string::npos &&
            line.find(':') > line.find(' ')) {
            inMapping = std::stoull(line.substr(0, line.find('-')), nullptr, 16) == start;
        } else if (inMapping && line.rfind("FilePmdMapped:", 0) == 0) {
            return std::stoull(line.substr(14)) * 1024;
        }
    }
    return 0;
}

} // namespace realm
