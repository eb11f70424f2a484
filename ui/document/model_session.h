#pragma once
#include "document/model_types.h"
#include "jobs/job_queue.h"

#include <QHash>
#include <QObject>

#include <memory>
#include <mutex>

namespace realm {
class GgufFile;
}

namespace realm::ui {

// One opened (or opening) model and the job queue that every background job over it runs on
// (loading, tensor jobs, and the chat engine's and layer stepper's work). The UI calls
// request*() and receives plain result structs through signals; results are cached; requests
// for a new selection cancel the running ones. A row or heatmap request is interactive: it
// overtakes whole-tensor statistics.
class ModelSession : public QObject {
    Q_OBJECT
  public:
    explicit ModelSession(QObject* parent = nullptr);
    ~ModelSession() override; // cancels every job and joins the workers

    // A path, or an http(s) URL whose header is read with range requests (remote/remote_file.h).
    void load(const QString& path);
    // Stops a load in flight, also in the middle of parsing the header; safe from any thread.
    void cancelLoad();
    bool isLoaded() const { return loaded_; }
    const ModelSummary& summary() const { return summary_; }
    // The opened file, for other workers (engine) that need it; immutable, safe to share.
    std::shared_ptr<const GgufFile> file() const { return file_; }
    // The server the file is read from (path() is a URL), or nullptr for a file on disk.
    const std::shared_ptr<RemoteFile>& remote() const { return summary_.remote; }
    // The queue that the engines over this model run on too.
    JobQueue* jobs() const { return jobs_.get(); }

    void requestStats(int tensor);
    void requestRow(int tensor, int64_t row);
    void requestHeatmap(int tensor, int64_t row0, int64_t col0, int64_t regionRows, int64_t regionCols,
                        int width, int height);
    void requestBlockScales(int tensor);
    // Stops every running tensor job (selection changed).
    void cancelTensorJobs();
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
    // 0..1 of a running statistics job, at most every 50 ms.
    void statsProgress(double fraction);

  private:
    // Remembers a tensor job so that cancelTensorJobs() reaches it.
    void track(const JobHandle& job);

    std::shared_ptr<const GgufFile> file_;
    ModelSummary summary_;
    bool loaded_ = false;
    int statsRunning_ = 0;
    std::mutex loadMutex_; // cancelLoad() may come from the load's own worker (a progress receiver)
    JobHandle load_;
    std::vector<std::weak_ptr<JobControl>> tensorJobs_;
    QHash<int, TensorStatsResult> statsCache_;
    QHash<int, BlockScalesResult> scalesCache_;
    QHash<QString, RowResult> rowCache_;
    QHash<QString, HeatmapResult> heatmapCache_;
    std::unique_ptr<JobQueue> jobs_; // deleted first in the destructor: no job outlives the session
};

} // namespace realm::ui
