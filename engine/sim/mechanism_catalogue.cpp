#include <algorithm>

#include "engine/errors.h"
#include "engine/sim/mechanism_base.h"
#include "engine/sim/mechanisms_builtin.h"

namespace lamina::sim {

namespace {

struct Entry {
    const MechanismInfo& (*info)();
    std::unique_ptr<Mechanism> (*make)();
};

const std::vector<Entry>& catalogue() {
    static const std::vector<Entry> entries = {
        {passive_info, make_passive}, {hh_info, make_hh},         {iclamp_info, make_iclamp},
        {seclamp_info, make_seclamp}, {expsyn_info, make_expsyn}, {exp2syn_info, make_exp2syn},
    };
    return entries;
}

const Entry& find(std::string_view name) {
    for (const Entry& e : catalogue())
        if (e.info().name == name) return e;
    std::string known;
    for (const auto& n : mechanism_names()) known += (known.empty() ? "" : ", ") + n;
    throw InvalidArgument("unknown mechanism '" + std::string(name) + "' (available: " + known + ")");
}

}  // namespace

std::vector<std::string> mechanism_names() {
    std::vector<std::string> names;
    for (const Entry& e : catalogue()) names.push_back(e.info().name);
    return names;
}

const MechanismInfo& mechanism_info(std::string_view name) { return find(name).info(); }

std::unique_ptr<Mechanism> make_mechanism(std::string_view name) { return find(name).make(); }

void MechanismBase::set_parameter(std::string_view name, std::uint32_t instance, double value) {
    const auto& params = info().parameters;
    for (std::size_t i = 0; i < params.size(); ++i) {
        if (params[i].name != name) continue;
        if (instance >= size())
            throw InvalidArgument(info().name + " instance " + std::to_string(instance) + " does not exist");
        if (!(value >= params[i].minimum))
            throw InvalidArgument(info().name + "." + params[i].name + " must be >= " +
                                  std::to_string(params[i].minimum) + " " + params[i].units + ", got " +
                                  std::to_string(value));
        parameters_[i][instance] = value;
        return;
    }
    throw InvalidArgument("mechanism " + info().name + " has no parameter '" + std::string(name) + "'");
}

}  // namespace lamina::sim
