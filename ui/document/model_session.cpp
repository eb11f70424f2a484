#include "document/model_session.h"

#include "jobs/model_worker.h"
#include "jobs/tensor_jobs.h"

#include "gguf/gguf_file.h"

#include <QElapsedTimer>

#include <exception>

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

QString errorText(const std::exception& e) {
    return QString::fromUtf8(e.what());
}

// Every job reads the mapping: a file truncated on disk must give an error before the read
// (SIGBUS otherwise). After a cancelled job too, since the window cancels jobs when it sees
// the file shrink and the person should learn why the numbers never came.
void checkFile(const GgufFile& file) {
    file.mapping().checkIntact();
}
} // namespace

ModelSession::ModelSession(QObject* parent) : QObject(parent) {
    registerTypes();
    worker_ = new ModelWorker;
    worker_->moveToThread(&thread_);
    thread_.setObjectName(QStringLiteral("model-session"));
    connect(worker_, &ModelWorker::loadFailed, this, &ModelSession::loadFailed);
    connect(worker_, &ModelWorker::jobFailed, this, &ModelSession::jobFailed);
    connect(worker_, &ModelWorker::loaded, this, [this](const ModelSummary& s) {
        summary_ = s;
        file_ = s.file;
        loaded_ = true;
        Q_EMIT loaded();
    });
    connect(worker_, &ModelWorker::statsReady, this, [this](const TensorStatsResult& r) {
        statsCache_.insert(r.tensor, r);
        Q_EMIT statsReady(r);
    });
    connect(worker_, &ModelWorker::statsFinished, this, [this] {
        if (--statsRunning_ == 0) Q_EMIT statsRunningChanged(false);
    });
    connect(worker_, &ModelWorker::rowReady, this, [this](const RowResult& r) {
        if (rowCache_.size() > 256) rowCache_.clear();
        rowCache_.insert(QStringLiteral("%1/%2").arg(r.tensor).arg(r.row), r);
        Q_EMIT rowReady(r);
    });
    connect(worker_, &ModelWorker::heatmapReady, this, [this](const HeatmapResult& r) {
        if (heatmapCache_.size() > 32) heatmapCache_.clear();
        heatmapCache_.insert(QStringLiteral("%1/%2/%3/%4/%5/%6/%7")
                                 .arg(r.tensor)
                                 .arg(r.row0)
                                 .arg(r.col0)
                                 .arg(r.regionRows)
                                 .arg(r.regionCols)
                                 .arg(r.width)
                                 .arg(r.height),
                             r);
        Q_EMIT heatmapReady(r);
    });
    connect(worker_, &ModelWorker::blockScalesReady, this, [this](const BlockScalesResult& r) {
        scalesCache_.insert(r.tensor, r);
        Q_EMIT blockScalesReady(r);
    });
    thread_.start();
}

ModelSession::~ModelSession() {
    loadCancel_->store(true);
    jobCancel_->store(true);
    thread_.quit();
    thread_.wait();
    delete worker_;
}

template <typename Fn> void ModelSession::post(Fn&& fn) {
    QMetaObject::invokeMethod(worker_, std::forward<Fn>(fn), Qt::QueuedConnection);
}

void ModelSession::load(const QString& path) {
    loadCancel_->store(false);
    auto cancel = loadCancel_;
    ModelWorker* w = worker_;
    post([this, w, path, cancel] {
        try {
            // The header parse checks the cancel flag as it goes: a huge vocabulary need not
            // finish parsing before Cancel (or closing the window) takes effect.
            GgufOpenOptions options;
            QElapsedTimer sinceReport;
            options.progress = [this, cancel, &sinceReport](uint64_t parsed, uint64_t) {
                if (cancel->load(std::memory_order_relaxed)) return false;
                if (!sinceReport.isValid() || sinceReport.elapsed() >= 50) {
                    sinceReport.start();
                    Q_EMIT loadProgress(parsed);
                }
                return !cancel->load(std::memory_order_relaxed);
            };
            auto file = GgufFile::open(path.toStdString(), options);
            if (cancel->load()) {
                Q_EMIT w->loadFailed(path, QStringLiteral("Loading %1 was cancelled.").arg(path));
                return;
            }
            ModelSummary s = summarize(*file, cancel.get());
            if (cancel->load()) {
                Q_EMIT w->loadFailed(path, QStringLiteral("Loading %1 was cancelled.").arg(path));
                return;
            }
            s.file = std::move(file);
            Q_EMIT w->loaded(s);
        } catch (const std::exception& e) {
            Q_EMIT w->loadFailed(path, errorText(e));
        }
    });
}

void ModelSession::cancelLoad() {
    loadCancel_->store(true);
}

void ModelSession::cancelTensorJobs() {
    jobCancel_->store(true);
    jobCancel_ = std::make_shared<std::atomic<bool>>(false);
}

void ModelSession::requestStats(int tensor) {
    if (auto it = statsCache_.constFind(tensor); it != statsCache_.constEnd()) {
        Q_EMIT statsReady(*it);
        return;
    }
    if (!file_) return;
    auto cancel = jobCancel_;
    auto progress = statsProgress_;
    auto file = file_;
    ModelWorker* w = worker_;
    if (statsRunning_++ == 0) Q_EMIT statsRunningChanged(true);
    post([w, file, tensor, cancel, progress] {
        progress->store(0.0f);
        try {
            checkFile(*file);
            TensorStatsResult r = computeStats(file->tensors().at(static_cast<size_t>(tensor)), tensor,
                                               *cancel, progress.get());
            if (!cancel->load())
                Q_EMIT w->statsReady(r);
            else
                checkFile(*file);
        } catch (const std::exception& e) {
            Q_EMIT w->jobFailed(tensor, errorText(e));
        }
        Q_EMIT w->statsFinished();
    });
}

void ModelSession::requestRow(int tensor, int64_t row) {
    if (auto it = rowCache_.constFind(QStringLiteral("%1/%2").arg(tensor).arg(row));
        it != rowCache_.constEnd()) {
        Q_EMIT rowReady(*it);
        return;
    }
    if (!file_) return;
    auto file = file_;
    auto cancel = jobCancel_;
    ModelWorker* w = worker_;
    post([w, file, tensor, row, cancel] {
        if (cancel->load()) return;
        try {
            checkFile(*file);
            Q_EMIT w->rowReady(dequantizeRow(file->tensors().at(static_cast<size_t>(tensor)), tensor, row));
        } catch (const std::exception& e) {
            Q_EMIT w->jobFailed(tensor, errorText(e));
        }
    });
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
    const QString key = QStringLiteral("%1/%2/%3/%4/%5/%6/%7")
                            .arg(tensor)
                            .arg(row0)
                            .arg(col0)
                            .arg(regionRows)
                            .arg(regionCols)
                            .arg(width)
                            .arg(height);
    if (auto it = heatmapCache_.constFind(key); it != heatmapCache_.constEnd()) {
        Q_EMIT heatmapReady(*it);
        return;
    }
    auto file = file_;
    auto cancel = jobCancel_;
    ModelWorker* w = worker_;
    post([=] {
        if (cancel->load()) return;
        try {
            checkFile(*file);
            HeatmapResult r = poolHeatmap(file->tensors().at(static_cast<size_t>(tensor)), tensor, row0, col0,
                                          regionRows, regionCols, width, height, *cancel);
            if (!cancel->load())
                Q_EMIT w->heatmapReady(r);
            else
                checkFile(*file);
        } catch (const std::exception& e) {
            Q_EMIT w->jobFailed(tensor, errorText(e));
        }
    });
}

void ModelSession::requestBlockScales(int tensor) {
    if (auto it = scalesCache_.constFind(tensor); it != scalesCache_.constEnd()) {
        Q_EMIT blockScalesReady(*it);
        return;
    }
    if (!file_) return;
    auto file = file_;
    auto cancel = jobCancel_;
    ModelWorker* w = worker_;
    post([w, file, tensor, cancel] {
        if (cancel->load()) return;
        try {
            checkFile(*file);
            BlockScalesResult r =
                blockScales(file->tensors().at(static_cast<size_t>(tensor)), tensor, *cancel);
            if (!cancel->load())
                Q_EMIT w->blockScalesReady(r);
            else
                checkFile(*file);
        } catch (const std::exception& e) {
            Q_EMIT w->jobFailed(tensor, errorText(e));
        }
    });
}

} // namespace realm::ui
