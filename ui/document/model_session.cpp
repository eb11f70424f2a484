#include "document/model_session.h"

#include "jobs/release_in_background.h"
#include "jobs/tensor_jobs.h"
#include "remote/http_get.h"
#include "remote/remote_file.h"
#include "remote/tensor_rows.h"
#include "widgets/heatmap_image.h"

#include "gguf/gguf_file.h"

#include <QElapsedTimer>

#include <optional>

namespace realm::ui {

namespace {
void registerTypes() {
    static bool done = false;
    if (done) return;
    done = true;
    qRegisterMetaType<ModelSummary>();
    qRegisterMetaType<TensorStatsResult>();
    qRegisterMetaType<RowResult>();
    qRegisterMetaType<HeatmapResult>();
    qRegisterMetaType<BlockScalesResult>();
}

// Every job reads the mapping: a file truncated on disk must give an error before the read
// (SIGBUS otherwise). After a cancelled job too, since the window cancels jobs when it sees
// the file shrink and the person should learn why the numbers never came.
void checkFile(const GgufFile& file) {
    if (file.hasMapping()) file.mapping().checkIntact();
}

QString heatmapKey(int tensor, int64_t row0, int64_t col0, int64_t regionRows, int64_t regionCols, int width,
                   int height) {
    return QStringLiteral("%1/%2/%3/%4/%5/%6/%7")
        .arg(tensor)
        .arg(row0)
        .arg(col0)
        .arg(regionRows)
        .arg(regionCols)
        .arg(width)
        .arg(height);
}

QString rowKey(int tensor, int64_t row) {
    return QStringLiteral("%1/%2").arg(tensor).arg(row);
}

} // namespace

ModelSession::ModelSession(QObject* parent) : QObject(parent), jobs_(std::make_unique<JobQueue>()) {
    registerTypes();
}

ModelSession::~ModelSession() {
    jobs_.reset();
    releaseInBackground(std::move(summary_));
}

void ModelSession::track(const JobHandle& job) {
    std::erase_if(tensorJobs_, [](const std::weak_ptr<JobControl>& j) { return j.expired(); });
    tensorJobs_.push_back(job);
}

void ModelSession::load(const QString& path) {
    // Held until load_ is set, so that a cancel from the job's first progress report finds it.
    std::lock_guard lock(loadMutex_);
    if (load_) load_->cancel();
    JobSpec spec;
    spec.priority = JobPriority::Long;
    // The header parse checks the control as it goes: a huge vocabulary need not finish
    // parsing before Cancel (or closing the window) takes effect.
    load_ = jobs_->run(
        spec, this,
        [this, path](const JobControl& control) {
            GgufOpenOptions options;
            QElapsedTimer sinceReport;
            options.progress = [this, &control, &sinceReport](uint64_t parsed, uint64_t) {
                if (control.cancelled()) return false;
                // Emitted on the worker (queued to receivers elsewhere), at most every 50 ms.
                if (!sinceReport.isValid() || sinceReport.elapsed() >= 50) {
                    sinceReport.start();
                    Q_EMIT loadProgress(parsed);
                }
                return !control.cancelled();
            };
            std::shared_ptr<RemoteFile> remote;
            std::shared_ptr<const GgufFile> file;
            if (isRemoteUrl(path)) {
                remote = std::make_shared<RemoteFile>(QUrl(path));
                file = remote->readHeader(control, [&](uint64_t parsed) { options.progress(parsed, 0); });
            } else {
                file = GgufFile::open(path.toStdString(), options);
            }
            ModelSummary s = summarize(*file, &control);
            if (control.cancelled()) throw GgufOpenCancelled(path.toStdString() + ": loading was cancelled");
            s.file = std::move(file);
            s.remote = std::move(remote);
            return s;
        },
        [this](ModelSummary s) {
            file_ = s.file;
            summary_ = std::move(s);
            loaded_ = true;
            Q_EMIT loaded();
        },
        [this, path](const QString& error) { Q_EMIT loadFailed(path, error); });
}

void ModelSession::cancelLoad() {
    std::lock_guard lock(loadMutex_);
    if (load_) load_->cancel();
}

void ModelSession::cancelTensorJobs() {
    for (const auto& weak : tensorJobs_)
        if (const JobHandle job = weak.lock()) job->cancel();
    tensorJobs_.clear();
}

void ModelSession::requestStats(int tensor) {
    if (auto it = statsCache_.constFind(tensor); it != statsCache_.constEnd()) {
        Q_EMIT statsReady(*it);
        return;
    }
    if (!file_) return;
    if (statsRunning_++ == 0) Q_EMIT statsRunningChanged(true);
    const auto finished = [this] {
        if (--statsRunning_ == 0) Q_EMIT statsRunningChanged(false);
    };
    JobSpec spec;
    spec.priority = JobPriority::Long;
    spec.deliverCancelled = true; // to count it finished; a cancelled run delivers nothing else
    track(jobs_->run(
        spec, this,
        [file = file_, remote = remote(),
         tensor](const JobControl& control) -> std::optional<TensorStatsResult> {
            checkFile(*file);
            const GgufTensorInfo& t = file->tensors().at(size_t(tensor));
            const TensorRows rows = tensorRows(t, remote.get(), 0, t.rows(), control, true);
            if (control.cancelled()) return std::nullopt;
            TensorStatsResult r = computeStats(rows.view, tensor, control);
            if (!control.cancelled()) return r;
            checkFile(*file);
            return std::nullopt;
        },
        [this, finished](std::optional<TensorStatsResult> r) {
            finished();
            if (!r) return;
            statsCache_.insert(r->tensor, *r);
            Q_EMIT statsReady(*r);
        },
        [this, finished, tensor](const QString& error) {
            finished();
            Q_EMIT jobFailed(tensor, error);
        },
        [this](double fraction) { Q_EMIT statsProgress(fraction); }));
}

void ModelSession::requestRow(int tensor, int64_t row) {
    const QString key = rowKey(tensor, row);
    if (auto it = rowCache_.constFind(key); it != rowCache_.constEnd()) {
        Q_EMIT rowReady(*it);
        return;
    }
    if (!file_) return;
    JobSpec spec;
    spec.priority = JobPriority::Interactive;
    spec.replaces = QStringLiteral("row"); // the row viewer shows one row: an older request is stale
    track(jobs_->run(
        spec, this,
        [file = file_, remote = remote(), tensor, row](const JobControl& control) {
            checkFile(*file);
            const GgufTensorInfo& t = file->tensors().at(size_t(tensor));
            if (row < 0 || row >= t.rows()) return dequantizeRow(t, tensor, row); // its error
            RowResult r = dequantizeRow(tensorRows(t, remote.get(), row, 1, control).view, tensor, 0);
            r.row = row;
            return r;
        },
        [this, key](const RowResult& r) {
            if (rowCache_.size() > 256) rowCache_.clear();
            rowCache_.insert(key, r);
            Q_EMIT rowReady(r);
        },
        [this, tensor](const QString& error) { Q_EMIT jobFailed(tensor, error); }));
}

void ModelSession::requestHeatmap(int tensor, int64_t row0, int64_t col0, int64_t regionRows,
                                  int64_t regionCols, int width, int height) {
    if (!file_) return;
    const auto& t = file_->tensors().at(static_cast<size_t>(tensor));
    // Normalise the key the same way poolHeatmap clamps, so a cached picture is found again.
    const int64_t rows = t.rows(), cols = t.rowLength();
    row0 = std::clamp<int64_t>(row0, 0, rows - 1);
    col0 = std::clamp<int64_t>(col0, 0, cols - 1);
    regionRows = std::clamp<int64_t>(regionRows, 1, rows - row0);
    regionCols = std::clamp<int64_t>(regionCols, 1, cols - col0);
    width = static_cast<int>(std::clamp<int64_t>(width, 1, regionCols));
    height = static_cast<int>(std::clamp<int64_t>(height, 1, regionRows));
    // The picture follows the palette: a dark one makes other colours.
    // untranslated: a cache-key suffix, never shown.
    const QString paletteSuffix = darkApplication() ? QStringLiteral(" dark") : QString();
    const QString key = heatmapKey(tensor, row0, col0, regionRows, regionCols, width, height) + paletteSuffix;
    if (auto it = heatmapCache_.constFind(key); it != heatmapCache_.constEnd()) {
        Q_EMIT heatmapReady(*it);
        return;
    }
    JobSpec spec;
    spec.priority = JobPriority::Interactive; // the visible region; a zoom replaces it
    spec.replaces = QStringLiteral("heatmap");
    // The job colours the grid too (10-17 ms for a large one), with the palette's colours taken here.
    track(jobs_->run(
        spec, this,
        [=, file = file_, remote = remote(),
         colors = HeatmapColors(ColorScale::Diverging)](const JobControl& control) {
            checkFile(*file);
            const GgufTensorInfo& t = file->tensors().at(size_t(tensor));
            const TensorRows region = tensorRows(t, remote.get(), row0, regionRows, control);
            HeatmapResult r =
                poolHeatmap(region.view, tensor, 0, col0, regionRows, regionCols, width, height, control);
            r.rows = t.rows();
            r.row0 = row0;
            if (control.cancelled())
                checkFile(*file);
            else
                r.image = colors.image(r.cells, r.width, r.height, r.absMax);
            return r;
        },
        [this, key](const HeatmapResult& r) {
            if (heatmapCache_.size() > 16) heatmapCache_.clear(); // each holds a grid and its picture
            heatmapCache_.insert(key, r);
            Q_EMIT heatmapReady(r);
        },
        [this, tensor](const QString& error) { Q_EMIT jobFailed(tensor, error); }));
}

void ModelSession::requestBlockScales(int tensor) {
    if (auto it = scalesCache_.constFind(tensor); it != scalesCache_.constEnd()) {
        Q_EMIT blockScalesReady(*it);
        return;
    }
    if (!file_) return;
    JobSpec spec;
    spec.priority = JobPriority::Long;
    track(jobs_->run(
        spec, this,
        [file = file_, remote = remote(), tensor](const JobControl& control) {
            checkFile(*file);
            const GgufTensorInfo& t = file->tensors().at(size_t(tensor));
            const TensorRows rows = tensorRows(t, remote.get(), 0, t.rows(), control);
            BlockScalesResult r = blockScales(rows.view, tensor, control);
            if (control.cancelled()) checkFile(*file);
            return r;
        },
        [this](const BlockScalesResult& r) {
            scalesCache_.insert(r.tensor, r);
            Q_EMIT blockScalesReady(r);
        },
        [this, tensor](const QString& error) { Q_EMIT jobFailed(tensor, error); }));
}

} // namespace realm::ui
