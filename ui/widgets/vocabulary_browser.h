#pragma once
#include "document/vocabulary.h"

#include <QFutureWatcher>
#include <QWidget>

#include <memory>

class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;

namespace realm {
class GgufFile;
}

namespace realm::ui {

class VocabularyModel;

// Every token of the open model in one table: search by text or id, filter by kind (special,
// byte fallback, merged …), sort by any column. The vocabulary is read on a worker thread.
class VocabularyBrowser : public QWidget {
    Q_OBJECT
  public:
    explicit VocabularyBrowser(QWidget* parent = nullptr);
    // nullptr empties the browser; a newer file makes an older read's result go unused.
    void setFile(std::shared_ptr<const realm::GgufFile> file);
    void setSearch(const QString& text);
    void setKind(TokenKind kind);
    // Lists the tokens matching the id (the id itself first in id order) and selects that token.
    void showToken(int token);
    VocabularyModel* model() const { return model_; }
    QTableView* view() const { return view_; }
    QString countText() const;

  Q_SIGNALS:
    void vocabularyShown();

  private:
    void applyFilter();
    void updateCount();

    QLineEdit* search_;
    QComboBox* kind_;
    QLabel* count_;
    QTableView* view_;
    VocabularyModel* model_;
    QFutureWatcher<Vocabulary>* reading_;
    quint64 generation_ = 0;
};

} // namespace realm::ui
