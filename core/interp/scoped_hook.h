#pragma once
#include "runtime/session.h"

namespace realm {

// Installs a hook on a session for the lifetime of this object.
class ScopedHook {
  public:
    ScopedHook(Session& session, ForwardHook& hook) : session_(session), hook_(hook) {
        session_.addHook(&hook_);
    }
    ~ScopedHook() { session_.removeHook(&hook_); }
    ScopedHook(const ScopedHook&) = delete;
    ScopedHook& operator=(const ScopedHook&) = delete;

  private:
    Session& session_;
    ForwardHook& hook_;
};

} // namespace realm
