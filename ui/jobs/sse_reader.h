#pragma once
#include <QByteArray>
#include <QList>

namespace realm::ui {

// Splits a server-sent event stream (text/event-stream) into its events' data: the "data:"
// lines of an event joined by newlines, an empty line ending the event. Comments (":…") and
// other fields (event, id, retry) are skipped, as the format says.
class SseReader {
  public:
    // The events the bytes complete (bytes may end anywhere, even inside a line).
    QList<QByteArray> feed(const QByteArray& bytes);
    // Bytes of the stream consumed so far (for error messages).
    qint64 offset() const { return offset_; }
    // Lines were read that do not yet make a whole event.
    bool midEvent() const { return !line_.isEmpty() || hasData_; }

  private:
    QByteArray line_, data_;
    bool hasData_ = false;
    qint64 offset_ = 0;
};

} // namespace realm::ui
