#pragma once
#include "document/model_types.h"

#include <QHash>
#include <QObject>
#include <QThread>

#include <atomic>
#include <memory>

namespace realm {
class GgufFile;
}

namespace realm::ui {

class ModelWorker;

// One opened (or opening) model: a worker object on its own thread owns the core objects;
// the UI calls request*() and receives plain result structs through queued signals.
// Results are cached; requests for a new selection cancel the running ones.
class ModelSession : public QObject {
    Q_OBJECT
  public:
    explicit ModelSession(QObject* parent = nullptr);
    ~ModelSession() override; // cancels and joins the worker

    void load(const QString& path);
    // Stops a load in flight, also in the middle of parsing the header; safe from any thread.
    void cancelLoad();
    bool isLoaded() const { return loaded_; }
    const ModelSummary& summary() const { return summary_; }
    // The opened file, for other workers (engine) that need it; immutable, safe to share.
    std::shared_ptr<const GgufFile> file() const { return file_; }

    void requestStats(int tensor);
    void requestRow(int tensor, int64_t row);
    void requestHeatmap(int tensor, int64_t row0, int64_t col0, int64_t regionRows, int64_t regionCols,
                        int width, int height);
    void requestBlockScales(int tensor);
    // Stops every running tensor job (selection changed).
    void cancelTensorJobs();
    // 0..1 of the running statistics job.
    float statsProgress() const { return statsProgress_->load(std::memory_order_relaxed); }
    bool statsRunning() const { return statsRunning_ > 0; }

  Q_SIGNALS:
    void loaded();
    void loadFailed(const QString& path, const QString& error);
    // Header bytes parsed so far: first at the start of the parse, then about every 50 ms.
    // Emitted on the session's worker thread (queued to receivers on others).
    void loadProgress(quint64 parsedBytes);
    void statsReady(const realm::ui::TensorStatsResult& result);
    void rowReady(const realm::ui::RowResult& result);
    void heatmapReady(const realm::ui::HeatmapResult& result);
    void blockScalesReady(const realm::ui::BlockScalesResult& result);
    void jobFailed(int tensor, const QString& error);
    void statsRunningChanged(bool running);

  private:
    template <typename Fn> void post(Fn&& fn);

    QThread thread_;
    ModelWorker* worker_ = nullptr;
    std::shared_ptr<std::atomic<bool>> loadCancel_ = std::make_shared<std::atomic<bool>>(false);
    std::shared_ptr<std::atomic<bool>> jobCancel_ = std::make_shared<std::atomic<bool>>(false);
    std::shared_ptr<std::atomic<float>> statsProgress_ = std::make_shared<std::atomic<float>>(0.0f);
    std::shared_ptr<const GgufFile> file_;
    ModelSummary summary_;
    bool loaded_ = false;
    int statsRunning_ = 0;
    QHash<int, TensorStatsResult> statsCache_;
    QHash<int, BlockScalesResult> scalesCache_;
    QHash<QString, RowResult> rowCache_;
    QHash<QString, HeatmapResult> heatmapCache_;
};

} // namespace realm::ui
