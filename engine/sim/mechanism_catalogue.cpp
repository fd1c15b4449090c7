#include <algorithm>
#include <map>
#include <memory>
#include <mutex>

#include "engine/errors.h"
#include "engine/sim/ions.h"
#include "engine/sim/mechanisms_builtin.h"

// The cortical catalogue: resources/mechanisms/*.mod, translated by lamina-modcc when
// Lamina is built (engine/CMakeLists.txt writes the list).
#define LAMINA_CATALOGUE(function)                            \
    const lamina::sim::MechanismInfo& function##_info();      \
    std::unique_ptr<lamina::sim::Mechanism> function##_make();
namespace lamina::mechanisms {
#include "catalogue_list.inc"
}  // namespace lamina::mechanisms
#undef LAMINA_CATALOGUE

namespace lamina::sim {

namespace {

struct Entry {
    MechanismInfo info;
    MechanismFactory make;
};

struct Catalogue {
    std::mutex mutex;
    // Entries never move: references handed out stay valid, and a replaced entry is
    // kept (replaced_) for what was made from it.
    std::map<std::string, std::unique_ptr<Entry>, std::less<>> entries;
    std::vector<std::unique_ptr<Entry>> replaced;
};

Catalogue& catalogue() {
    static Catalogue* c = [] {
        auto* fresh = new Catalogue;  // lives as long as the program: mechanisms outlive statics' order
        const auto add = [&](const MechanismInfo& info, std::unique_ptr<Mechanism> (*make)()) {
            fresh->entries.emplace(info.name, std::make_unique<Entry>(Entry{info, make}));
        };
        add(passive_info(), make_passive);
        add(hh_info(), make_hh);
        add(iclamp_info(), make_iclamp);
        add(seclamp_info(), make_seclamp);
        add(expsyn_info(), make_expsyn);
        add(exp2syn_info(), make_exp2syn);
#define LAMINA_CATALOGUE(function) add(mechanisms::function##_info(), mechanisms::function##_make);
#include "catalogue_list.inc"
#undef LAMINA_CATALOGUE
        return fresh;
    }();
    return *c;
}

const Entry& find(std::string_view name) {
    Catalogue& c = catalogue();
    std::lock_guard lock(c.mutex);
    const auto it = c.entries.find(name);
    if (it != c.entries.end()) return *it->second;  // entries never move or go: the reference stays valid
    std::string known;
    for (const auto& [n, e] : c.entries) known += (known.empty() ? "" : ", ") + n;
    throw InvalidArgument("unknown mechanism '" + std::string(name) + "' (available: " + known + ")");
}

}  // namespace

namespace {
void check_registration(const MechanismInfo& info, const MechanismFactory& make) {
    if (info.name.empty()) throw InvalidArgument("a mechanism needs a name");
    if (!make) throw InvalidArgument("mechanism " + info.name + " needs a factory");
    for (const IonUse& use : info.ions)
        if (!known_ion(use.ion) && use.valence == 0)
            throw InvalidArgument("mechanism " + info.name + ": ion " + use.ion +
                                  " is not one Lamina knows (na, k, ca); give its valence");
}
}  // namespace

void register_mechanism(MechanismInfo info, MechanismFactory make) {
    check_registration(info, make);
    Catalogue& c = catalogue();
    std::lock_guard lock(c.mutex);
    const std::string name = info.name;
    if (!c.entries.emplace(name, std::make_unique<Entry>(Entry{std::move(info), std::move(make)})).second)
        throw InvalidArgument("mechanism " + name + " is registered already");
}

bool register_or_replace_mechanism(MechanismInfo info, MechanismFactory make) {
    check_registration(info, make);
    Catalogue& c = catalogue();
    std::lock_guard lock(c.mutex);
    const std::string name = info.name;
    auto fresh = std::make_unique<Entry>(Entry{std::move(info), std::move(make)});
    const auto it = c.entries.find(name);
    if (it == c.entries.end()) {
        c.entries.emplace(name, std::move(fresh));
        return false;
    }
    c.replaced.push_back(std::move(it->second));
    it->second = std::move(fresh);
    return true;
}

std::vector<std::string> mechanism_names() {
    Catalogue& c = catalogue();
    std::lock_guard lock(c.mutex);
    std::vector<std::string> names;
    for (const auto& [name, e] : c.entries) names.push_back(name);
    return names;
}

const MechanismInfo& mechanism_info(std::string_view name) { return find(name).info; }

std::unique_ptr<Mechanism> make_mechanism(std::string_view name) { return find(name).make(); }

}  // namespace lamina::sim
