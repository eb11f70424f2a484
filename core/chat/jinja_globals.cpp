#include "chat/jinja_globals.h"
#include "chat/jinja_builtins.h"
#include "chat/jinja_error.h"

#include <ctime>
#include <iomanip>
#include <locale>
#include <sstream>

namespace realm::jinja {

namespace {

Value range(CallArgs& a) {
    if (!a.keyword.empty()) throw JinjaError("range() takes no keyword arguments");
    for (const auto& v : a.positional)
        if (!v.isInt())
            throw JinjaError("range(): '" + v.typeName() + "' object cannot be interpreted as an integer");
    int64_t start = 0, stop = 0, stepBy = 1;
    if (a.positional.size() == 1) {
        stop = a.positional[0].intValue();
    } else if (a.positional.size() == 2 || a.positional.size() == 3) {
        start = a.positional[0].intValue();
        stop = a.positional[1].intValue();
        if (a.positional.size() == 3) stepBy = a.positional[2].intValue();
    } else {
        throw JinjaError("range expected 1 to 3 arguments, got " + std::to_string(a.positional.size()));
    }
    if (stepBy == 0) throw JinjaError("range() arg 3 must not be zero");
    List out;
    for (int64_t i = start; stepBy > 0 ? i < stop : i > stop; i += stepBy) {
        if (out.size() >= kMaxListItems) throw JinjaError("range() too large");
        out.emplace_back(i);
        if ((stepBy > 0 && i > INT64_MAX - stepBy) || (stepBy < 0 && i < INT64_MIN - stepBy)) break;
    }
    return Value::list(std::move(out));
}

// dict(mapping, **kw) / namespace(mapping, **kw).
Dict dictFromArgs(const CallArgs& a) {
    Dict d;
    if (a.positional.size() > 1) throw JinjaError(a.callee + " expected at most 1 positional argument");
    if (!a.positional.empty()) {
        const Value& src = a.positional[0];
        if (src.isMapping()) {
            d = src.dictItems();
        } else {
            for (const auto& pair : iterateValue(src)) {
                List kv = iterateValue(pair);
                if (kv.size() != 2 || !kv[0].isString())
                    throw JinjaError(a.callee + ": expected (key, value) pairs");
                d.set(kv[0].str(), kv[1]);
            }
        }
    }
    for (const auto& [key, value] : a.keyword)
        d.set(key, value);
    return d;
}

std::tm parseNow(const std::string& now) {
    std::tm tm{};
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    int n = std::sscanf(now.c_str(), "%d-%d-%d%*c%d:%d:%d", &y, &mo, &d, &h, &mi, &s);
    if (n != 3 && n != 6)
        throw JinjaError("cannot parse the pinned time '" + now + "' (expected YYYY-MM-DDTHH:MM:SS)");
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = s;
    time_t t = timegm(&tm); // normalises and fills in the weekday and day of the year
    gmtime_r(&t, &tm);
    return tm;
}

} // namespace

std::vector<std::pair<std::string, Value>> makeGlobals(const std::string& now) {
    std::vector<std::pair<std::string, Value>> g;
    g.emplace_back("range", Value::callable("range", range));
    g.emplace_back("dict", Value::callable("dict", [](CallArgs& a) { return Value::dict(dictFromArgs(a)); }));
    g.emplace_back("namespace", Value::callable("namespace", [](CallArgs& a) {
                       return Value::namespaceObject(dictFromArgs(a));
                   }));
    g.emplace_back("raise_exception", Value::callable("raise_exception", [](CallArgs& a) -> Value {
                       JinjaError e(a.get(0, "message").toString());
                       e.raisedByTemplate = true;
                       throw e;
                   }));
    g.emplace_back("strftime_now", Value::callable("strftime_now", [now](CallArgs& a) {
                       Value fmt = a.get(0, "format");
                       if (!fmt.isString()) throw JinjaError("strftime_now() needs a format string");
                       std::tm tm{};
                       if (now.empty()) {
                           time_t t = std::time(nullptr);
                           localtime_r(&t, &tm);
                       } else {
                           tm = parseNow(now);
                       }
                       // The classic locale: month and day names in English whatever the process locale is.
                       std::ostringstream os;
                       os.imbue(std::locale::classic());
                       os << std::put_time(&tm, fmt.str().c_str());
                       return Value(os.str());
                   }));
    return g;
}

} // namespace realm::jinja
