#pragma once
#include "document/model_types.h"

#include <QObject>

namespace realm::ui {

// Lives on a ModelSession's thread; the session posts work to it as functors and the
// functors report through these signals (delivered queued to the UI thread).
class ModelWorker : public QObject {
    Q_OBJECT
  public:
    using QObject::QObject;

  Q_SIGNALS:
    void loaded(const realm::ui::ModelSummary& summary);
    void loadFailed(const QString& path, const QString& error);
    void statsReady(const realm::ui::TensorStatsResult& result);
    void rowReady(const realm::ui::RowResult& result);
    void heatmapReady(const realm::ui::HeatmapResult& result);
    void blockScalesReady(const realm::ui::BlockScalesResult& result);
    void jobFailed(int tensor, const QString& error);
    void statsFinished();
};

} // namespace realm::ui
