#include "engine/circuit/neuron_names.h"

namespace lamina::circuit {

NeuronName split_neuron_name(const std::string& name) {
    const auto cut = name.rfind('_');
    if (cut == std::string::npos || cut == 0 || cut + 1 == name.size()) return {name, {}};
    return {name.substr(0, cut), name.substr(cut + 1)};
}

std::string without_mechanism(const std::string& name, const std::string& mechanism) {
    const std::string suffix = "_" + mechanism;
    if (name.size() > suffix.size() && name.ends_with(suffix)) return name.substr(0, name.size() - suffix.size());
    return name;
}

std::string engine_variable(const std::string& name) {
    if (name == "v" || name.find('.') != std::string::npos) return name;
    const NeuronName split = split_neuron_name(name);
    return split.mechanism.empty() ? name : split.mechanism + "." + split.variable;
}

}  // namespace lamina::circuit
