#pragma once
#include "jobs/background_pool.h"

#include <QThreadPool>

#include <memory>
#include <type_traits>
#include <utility>

namespace realm::ui {

// Destroys `value` on a pool thread. What a model leaves behind when it closes (its mapping, a
// 128k-token vocabulary, metadata, sessions with their KV caches) takes the UI thread tens of ms
// to free at 8B. Only for values nothing on the UI thread touches again; shared pointers whose
// other owners remain simply let go on the pool thread instead.
template <typename T> void releaseInBackground(T&& value) {
    auto held = std::make_shared<std::decay_t<T>>(std::forward<T>(value));
    backgroundPool()->start([held = std::move(held)]() mutable {
        runBelowTheUiThread();
        held.reset();
    });
}

} // namespace realm::ui
