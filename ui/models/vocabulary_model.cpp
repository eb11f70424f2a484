#include "models/vocabulary_model.h"

#include "jobs/release_in_background.h"

#include <QFontDatabase>

#include <algorithm>
#include <numeric>

namespace realm::ui {

VocabularyModel::VocabularyModel(QObject* parent) : QAbstractTableModel(parent) {}

void VocabularyModel::setVocabulary(Vocabulary vocabulary) {
    releaseInBackground(std::exchange(vocabulary_, std::move(vocabulary)));
    rebuild();
}

void VocabularyModel::setFilter(const QString& text, TokenKind kind) {
    if (text == text_ && kind == kind_) return;
    text_ = text;
    kind_ = kind;
    rebuild();
}

bool VocabularyModel::passes(int id) const {
    if (!isKind(vocabulary_, id, kind_)) return false;
    if (text_.isEmpty()) return true;
    bool isNumber = false;
    const int asId = text_.toInt(&isNumber);
    return (isNumber && asId == id) || vocabulary_.pieces[id].contains(text_, Qt::CaseInsensitive) ||
           vocabulary_.texts[id].contains(text_, Qt::CaseInsensitive);
}

void VocabularyModel::rebuild() {
    beginResetModel();
    if (text_.isEmpty() && kind_ == TokenKind::All) {
        // Every token (a model opening): no test per id, no growing list.
        shown_.resize(vocabulary_.size());
        std::iota(shown_.begin(), shown_.end(), 0);
    } else {
        shown_.clear();
        for (int id = 0; id < vocabulary_.size(); ++id)
            if (passes(id)) shown_.append(id);
    }
    endResetModel();
    // The list is in id order: ascending ids need no sort.
    if (sortColumn_ != Id || sortOrder_ != Qt::AscendingOrder) sort(sortColumn_, sortOrder_);
}

void VocabularyModel::sort(int column, Qt::SortOrder order) {
    sortColumn_ = column;
    sortOrder_ = order;
    if (shown_.isEmpty()) return;
    const Vocabulary& v = vocabulary_;
    // Strict weak orders on ids; ties keep id order (stable sort over an id-ordered list).
    auto by = [&](auto key) {
        std::stable_sort(shown_.begin(), shown_.end(), [&](int a, int b) { return key(a) < key(b); });
    };
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QVector<int> oldOrder = shown_;
    std::sort(shown_.begin(), shown_.end());
    switch (column) {
    case Piece:
        by([&](int id) { return v.pieces[id]; });
        break;
    case Stored:
        by([&](int id) { return v.texts[id]; });
        break;
    case Type:
        by([&](int id) { return v.types[id]; });
        break;
    case Score:
        if (!v.scores.isEmpty()) by([&](int id) { return v.scores[id]; });
        break;
    case MergeRank:
        // Tokens no merge makes go last.
        by([&](int id) { return uint32_t(v.mergeRank[id]); });
        break;
    default:
        break;
    }
    if (order == Qt::DescendingOrder) std::reverse(shown_.begin(), shown_.end());
    // Selections and the current row stay on their tokens.
    const QModelIndexList before = persistentIndexList();
    if (!before.isEmpty()) {
        QVector<int> rowOfId(v.size(), -1);
        for (int row = 0; row < shown_.size(); ++row)
            rowOfId[shown_[row]] = row;
        QModelIndexList after;
        for (const QModelIndex& i : before)
            after << index(rowOfId[oldOrder[i.row()]], i.column());
        changePersistentIndexList(before, after);
    }
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

int VocabularyModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(shown_.size());
}

int VocabularyModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant VocabularyModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= shown_.size()) return {};
    const int id = shown_[index.row()];
    const Vocabulary& v = vocabulary_;
    if (role == Qt::FontRole &&
        (index.column() == Piece || index.column() == Stored || index.column() == MergeOf))
        return QFontDatabase::systemFont(QFontDatabase::FixedFont);
    if (role == Qt::TextAlignmentRole &&
        (index.column() == Id || index.column() == Score || index.column() == MergeRank))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
    case Id:
        return id;
    case Piece:
        return v.pieces[id];
    case Stored:
        return v.texts[id];
    case Type: {
        const QString role = v.roles.value(id);
        return role.isEmpty() ? tokenTypeName(v.types[id])
                              : QStringLiteral("%1 (%2)").arg(tokenTypeName(v.types[id]), role);
    }
    case Score:
        return v.scores.isEmpty() ? QVariant() : QVariant(QString::number(v.scores[id], 'g', 6));
    case MergeRank:
        return v.mergeRank[id] < 0 ? QVariant() : QVariant(v.mergeRank[id]);
    case MergeOf: {
        const int l = v.mergeLeft[id], r = v.mergeRight[id];
        if (v.mergeRank[id] < 0 || l < 0 || r < 0) return {};
        return QStringLiteral("%1 + %2").arg(v.pieces[l], v.pieces[r]);
    }
    default:
        return {};
    }
}

QVariant VocabularyModel::headerData(int section, Qt::Orientation orientation, int role) const {
    // Indexed by Column.
    static const char* const titles[] = {QT_TR_NOOP("Id"),      QT_TR_NOOP("Token"), QT_TR_NOOP("Stored as"),
                                         QT_TR_NOOP("Type"),    QT_TR_NOOP("Score"), QT_TR_NOOP("Merge rank"),
                                         QT_TR_NOOP("Merge of")};
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= ColumnCount)
        return {};
    return tr(titles[section]);
}

} // namespace realm::ui
