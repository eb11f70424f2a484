#include "jobs/sse_reader.h"

namespace realm::ui {

QList<QByteArray> SseReader::feed(const QByteArray& bytes) {
    QList<QByteArray> events;
    for (const char c : bytes) {
        ++offset_;
        if (c != '\n') {
            line_ += c;
            continue;
        }
        if (line_.endsWith('\r')) line_.chop(1);
        if (line_.isEmpty()) { // the end of an event
            if (hasData_) events.append(data_);
            data_.clear();
            hasData_ = false;
        } else if (line_.startsWith("data:")) {
            QByteArray value = line_.mid(5);
            if (value.startsWith(' ')) value.remove(0, 1);
            if (hasData_) data_ += '\n';
            data_ += value;
            hasData_ = true;
        }
        line_.clear();
    }
    return events;
}

} // namespace realm::ui
