#pragma once
#include <QAbstractTableModel>
#include <QStringList>

namespace realm::ui {

// The shown next tokens: rank, id, piece, logit and reshaped probability.
class TopTokensModel : public QAbstractTableModel {
    Q_OBJECT
  public:
    enum Column { Rank, Id, Piece, Logit, Probability, ColumnCount };
    explicit TopTokensModel(QObject* parent = nullptr);

    struct Row {
        int id = 0;
        QString piece;
        float logit = 0;
        double probability = 0;
    };
    void setRows(const QList<Row>& rows);
    const QList<Row>& rows() const { return rows_; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

  private:
    QList<Row> rows_;
};

} // namespace realm::ui
