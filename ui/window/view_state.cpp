#include "window/view_state.h"

#include <QHeaderView>
#include <QSettings>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTreeView>

namespace realm::ui {

namespace {
QString keyOf(const QWidget* root, const QObject* widget) {
    QStringList parts;
    for (const QObject* o = widget; o && o != root; o = o->parent()) {
        QString name = o->objectName();
        if (name.isEmpty()) {
            const QMetaObject* type = o->metaObject();
            int n = 0;
            for (const QObject* sibling : o->parent()->children()) {
                if (sibling == o) break;
                if (sibling->metaObject() == type) ++n;
            }
            const QString className = QString::fromLatin1(type->className());
            name = className.mid(className.lastIndexOf(QLatin1Char(':')) + 1) + QString::number(n);
        }
        parts.prepend(name);
    }
    return parts.join(QLatin1Char('.'));
}

QHeaderView* sortHeader(QAbstractItemView* view) {
    if (auto* tree = qobject_cast<QTreeView*>(view))
        return tree->isSortingEnabled() ? tree->header() : nullptr;
    if (auto* table = qobject_cast<QTableView*>(view))
        return table->isSortingEnabled() ? table->horizontalHeader() : nullptr;
    return nullptr;
}
} // namespace

void saveViewState(const QWidget* root, QSettings& settings, const QString& group) {
    settings.remove(group); // widgets that are gone leave nothing behind
    settings.beginGroup(group);
    for (const QSplitter* s : root->findChildren<QSplitter*>())
        settings.setValue(keyOf(root, s) + QStringLiteral("/splitter"), s->saveState());
    for (const QTabWidget* t : root->findChildren<QTabWidget*>())
        settings.setValue(keyOf(root, t) + QStringLiteral("/tab"), t->currentIndex());
    for (QAbstractItemView* v : root->findChildren<QAbstractItemView*>())
        if (const QHeaderView* h = sortHeader(v)) {
            const QString key = keyOf(root, v);
            settings.setValue(key + QStringLiteral("/sortColumn"), h->sortIndicatorSection());
            settings.setValue(key + QStringLiteral("/sortOrder"), int(h->sortIndicatorOrder()));
        }
    settings.endGroup();
}

void restoreViewState(QWidget* root, QSettings& settings, const QString& group) {
    settings.beginGroup(group);
    for (QSplitter* s : root->findChildren<QSplitter*>()) {
        const QVariant state = settings.value(keyOf(root, s) + QStringLiteral("/splitter"));
        if (state.isValid()) s->restoreState(state.toByteArray());
    }
    for (QTabWidget* t : root->findChildren<QTabWidget*>()) {
        const int tab = settings.value(keyOf(root, t) + QStringLiteral("/tab"), -1).toInt();
        if (tab >= 0 && tab < t->count()) t->setCurrentIndex(tab);
    }
    for (QAbstractItemView* v : root->findChildren<QAbstractItemView*>()) {
        QHeaderView* h = sortHeader(v);
        const QString key = keyOf(root, v);
        if (!h || !settings.contains(key + QStringLiteral("/sortColumn"))) continue;
        const int column = settings.value(key + QStringLiteral("/sortColumn")).toInt();
        const auto order = Qt::SortOrder(settings.value(key + QStringLiteral("/sortOrder")).toInt() ? 1 : 0);
        // A sortable view sorts itself when its indicator moves.
        if (column >= -1 && column < h->count()) h->setSortIndicator(column, order);
    }
    settings.endGroup();
}

} // namespace realm::ui
