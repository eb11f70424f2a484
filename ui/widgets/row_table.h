#pragma once

class QAbstractItemModel;
class QString;
class QTableView;

namespace realm::ui {

// A read-only table of rows, one selected at a time, sorted by a click on any column's header
// and in the model's own order until then. `objectName` names its saved sort order.
QTableView* makeSortableRowTable(QAbstractItemModel* model, const QString& objectName);

} // namespace realm::ui
