#include "pages/start_page.h"

#include "widgets/page_icons.h"

#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace realm::ui {

StartPage::StartPage(QWidget* parent) : QWidget(parent) {
    auto* outer = new QHBoxLayout(this);
    outer->addStretch(1);
    auto* column = new QVBoxLayout;
    column->addStretch(1);
    auto* logo = new QLabel;
    logo->setPixmap(pageIcon(PageIcon::App).pixmap(64, 64));
    column->addWidget(logo, 0, Qt::AlignHCenter);
    auto* title = new QLabel(tr("Realm Studio"));
    QFont f = title->font();
    f.setPointSizeF(f.pointSizeF() * 2);
    f.setBold(true);
    title->setFont(f);
    column->addWidget(title, 0, Qt::AlignHCenter);
    auto* hint = new QLabel(tr("Drop a .gguf file anywhere on this window, or:"));
    column->addWidget(hint, 0, Qt::AlignHCenter);
    auto* buttons = new QHBoxLayout;
    auto* open = new QPushButton(tr("Open model…"));
    demo_ = new QPushButton(tr("Open demo model"));
    buttons->addWidget(open);
    buttons->addWidget(demo_);
    column->addLayout(buttons);
    column->addWidget(new QLabel(tr("Recent files")));
    recent_ = new QListWidget;
    recent_->setMinimumWidth(480);
    recent_->setMaximumHeight(220);
    column->addWidget(recent_);
    column->addStretch(2);
    outer->addLayout(column);
    outer->addStretch(1);

    connect(open, &QPushButton::clicked, this, [this] { Q_EMIT openRequested({}); });
    connect(demo_, &QPushButton::clicked, this, [this] { Q_EMIT openRequested(demoPath_); });
    connect(recent_, &QListWidget::itemActivated, this,
            [this](QListWidgetItem* item) { Q_EMIT openRequested(item->data(Qt::UserRole).toString()); });
}

void StartPage::setRecentFiles(const QStringList& files) {
    recent_->clear();
    for (const QString& path : files) {
        auto* item = new QListWidgetItem(
            QStringLiteral("%1   —   %2").arg(QFileInfo(path).fileName(), QFileInfo(path).absolutePath()));
        item->setData(Qt::UserRole, path);
        item->setToolTip(path);
        recent_->addItem(item);
    }
    if (files.isEmpty()) recent_->addItem(tr("(none yet)"));
}

void StartPage::setDemoModel(const QString& path) {
    demoPath_ = path;
    demo_->setEnabled(!path.isEmpty());
    demo_->setToolTip(path.isEmpty() ? tr("No demo model is installed (share/realm-studio/demo.gguf)")
                                     : path);
}

} // namespace realm::ui
