#include "fields/field_table.hpp"

namespace digest {

const Field* find_field(std::string_view name) {
    for (const auto& f : kFields) {
        if (f.kind == FieldKind::Internal) continue;
        if (f.name == name) return &f;
        for (auto a : f.alias)
            if (!a.empty() && a == name) return &f;
    }
    return nullptr;
}

}  // namespace digest
