#pragma once
#include "jobs/job_queue.h"

#include "quantlab/imatrix.h"

#include <QObject>
#include <QString>

#include <memory>
#include <vector>

namespace realm::ui {

// An importance matrix as read, with llama-imatrix --show-statistics' figures of every entry.
struct LoadedImatrix {
    realm::Imatrix matrix;
    std::vector<realm::ImatrixStats> stats; // per entry of matrix.entries
};

// The importance matrix the person opened (File > Open Importance Matrix…, or the imatrix page),
// shared by the imatrix page and the tensor inspector; not tied to the open model. Files are
// read in the background by the core's readImatrix; one that fails leaves the previous matrix in
// place. The last file read is remembered in the settings.
class ImatrixStore : public QObject {
    Q_OBJECT
  public:
    explicit ImatrixStore(QObject* parent = nullptr);
    ~ImatrixStore() override; // cancels a read and joins its worker

    void open(const QString& path);
    // Opens the file remembered in the settings, if it still exists; false when there is none.
    bool reopenLast();
    // The matrix shown, or nullptr; immutable, safe to keep.
    std::shared_ptr<const LoadedImatrix> current() const { return current_; }
    QString path() const; // of current(), "" when none
    bool isLoading() const { return loading_ > 0; }

  Q_SIGNALS:
    void changed(); // current() is another matrix
    void failed(const QString& path, const QString& error);
    void loadingChanged(bool loading);

  private:
    std::shared_ptr<const LoadedImatrix> current_;
    int loading_ = 0;
    std::unique_ptr<JobQueue> jobs_;
};

} // namespace realm::ui
