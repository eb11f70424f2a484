#pragma once
#include "jobs/memory_sampler.h"

#include <QAbstractTableModel>
#include <QList>

namespace realm::ui {

// The last `capacity` memory samples, oldest first; feeds the Memory page and the status-bar sparkline.
class MemorySampleModel : public QAbstractTableModel {
    Q_OBJECT
  public:
    enum Column { Time, Rss, MappedResident, KvCache, Scratch, ColumnCount };
    explicit MemorySampleModel(int capacity = 1200, QObject* parent = nullptr);

    void append(const MemorySample& sample);
    void clear();
    const QList<MemorySample>& samples() const { return samples_; }
    int totalReceived() const { return received_; }
    // An event at the time of the newest sample ("model loaded"), drawn as a marker.
    void mark(const QString& label) { Q_EMIT marked(label); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

  Q_SIGNALS:
    void marked(const QString& label);

  private:
    int capacity_;
    int received_ = 0;
    QList<MemorySample> samples_;
};

} // namespace realm::ui
