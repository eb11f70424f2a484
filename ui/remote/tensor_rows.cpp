#include "remote/tensor_rows.h"

#include "remote/remote_file.h"

#include <functional>

namespace realm::ui {

TensorRows tensorRows(const GgufTensorInfo& t, RemoteFile* remote, int64_t first, int64_t count,
                      const JobControl& control, bool reportProgress) {
    TensorRows r{t, {}};
    const uint64_t begin = uint64_t(first) * t.rowBytes(), bytes = uint64_t(count) * t.rowBytes();
    if (count != t.rows()) {
        r.view.nDims = 2;
        r.view.ne = {t.rowLength(), count, 1, 1};
        r.view.bytes = bytes;
        r.view.offset = t.offset + begin;
    }
    if (!remote) {
        r.view.data = t.data + begin;
        return r;
    }
    const auto progress = [&control](double f) { control.progress(f); };
    r.bytes = remote->read(t.offset + begin, t.offset + begin + bytes, &control,
                           reportProgress ? std::function<void(double)>(progress) : nullptr);
    r.view.data = r.bytes.data();
    return r;
}

} // namespace realm::ui
