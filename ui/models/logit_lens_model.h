#pragma once
#include "document/layer_types.h"

#include <QAbstractTableModel>

namespace realm::ui {

// The logit-lens grid: one row per stage (embedding, layer 0 … N−1), one column per prompt
// position; a cell is the lens's top token there and its probability, empty until that stage ran.
class LogitLensModel : public QAbstractTableModel {
    Q_OBJECT
  public:
    enum Role { ProbabilityRole = Qt::UserRole + 1, TokenIdRole };
    explicit LogitLensModel(QObject* parent = nullptr);

    void reset(int layers, const QStringList& positions); // clears every cell
    void setStep(const LayerStep& step);                  // stages 0…layers fill a row
    int filledRows() const { return filled_; }
    bool isFull() const { return rows_ > 0 && filled_ == rows_; }
    QString piece(int row, int col) const;
    float probability(int row, int col) const;
    int tokenId(int row, int col) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

  private:
    struct Cell {
        QString piece;
        float probability = -1; // < 0: not computed yet
        int id = -1;
    };
    int rows_ = 0, filled_ = 0;
    QStringList positions_;
    QVector<Cell> cells_; // rows_ × positions_.size()
};

} // namespace realm::ui
