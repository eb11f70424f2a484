#pragma once
#include "document/vocabulary.h"

#include <QAbstractTableModel>

namespace realm::ui {

// The whole vocabulary as a table over plain columns: rows are the tokens that pass the filter,
// in the chosen sort order. Filtering and sorting work on a list of ids, so 128,256 tokens
// cost a few milliseconds and no item objects.
class VocabularyModel : public QAbstractTableModel {
    Q_OBJECT
  public:
    enum Column { Id, Piece, Stored, Type, Score, MergeRank, MergeOf, ColumnCount };
    explicit VocabularyModel(QObject* parent = nullptr);

    void setVocabulary(Vocabulary vocabulary);
    const Vocabulary& vocabulary() const { return vocabulary_; }
    // Text matches the visible piece or the stored entry (any case); a number also matches that id.
    void setFilter(const QString& text, TokenKind kind);
    int tokenAt(int row) const { return shown_.value(row, -1); }
    int rowOf(int token) const { return int(shown_.indexOf(token)); } // -1 when filtered out

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

  private:
    bool passes(int id) const;
    void rebuild();

    Vocabulary vocabulary_;
    QVector<int> shown_;
    QString text_;
    TokenKind kind_ = TokenKind::All;
    int sortColumn_ = Id;
    Qt::SortOrder sortOrder_ = Qt::AscendingOrder;
};

} // namespace realm::ui
