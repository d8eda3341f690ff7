#include "fields/field_table.hpp"

#include <algorithm>

namespace digest {

const Field* find_field(std::string_view name) {
    for (const auto& f : kFields) {
        if (!queryable(f)) continue;
        if (f.name == name) return &f;
        for (auto a : f.alias)
            if (!a.empty() && a == name) return &f;
    }
    return nullptr;
}

const std::vector<const Field*>& bare_fields() {
    static const std::vector<const Field*> fields = [] {
        std::vector<const Field*> out;
        for (const auto& f : kFields)
            if (f.bare) out.push_back(&f);
        std::stable_sort(out.begin(), out.end(),
                         [](const Field* a, const Field* b) { return a->weight > b->weight; });
        return out;
    }();
    return fields;
}

}  // namespace digest
