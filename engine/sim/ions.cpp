#include "engine/sim/ions.h"

#include <algorithm>
#include <cmath>

#include "engine/sim/simd_math.h"

namespace lamina::sim {

namespace {
constexpr double gas_constant = 8.31446261815324;  // [J/(mol K)]
constexpr double faraday = 96485.33212331;         // [C/mol]
}  // namespace

const IonSpecies* known_ion(std::string_view name) {
    // NEURON's defaults (nrn's ion registrations): concentrations in mM, reversal in mV.
    static const IonSpecies species[] = {
        {"na", 1, 10.0, 140.0, 50.0},
        {"k", 1, 54.4, 2.5, -77.0},
        {"ca", 2, 5e-5, 2.0, 132.4579341637009},
    };
    for (const IonSpecies& s : species)
        if (s.name == name) return &s;
    return nullptr;
}

double nernst_potential(double charge, double celsius, double internal, double external) {
    const double rt_over_zf = 1e3 * gas_constant * (celsius + 273.15) / (charge * faraday);  // [mV]
    return rt_over_zf * std::log(external / internal);
}

std::optional<IonVariable> ion_variable(std::string_view name, std::string_view ion) {
    if (name.size() != ion.size() + 1) return std::nullopt;
    if (name.front() == 'e' && name.substr(1) == ion) return IonVariable::reversal;
    if (name.substr(0, ion.size()) != ion) return std::nullopt;
    if (name.back() == 'i') return IonVariable::internal;
    if (name.back() == 'o') return IonVariable::external;
    return std::nullopt;
}

void IonState::initialize(double celsius) {
    internal = initial_internal;
    external = initial_external;
    if (!initial_reversal.empty()) reversal = initial_reversal;
    begin_step(celsius);
}

void IonState::begin_step(double celsius) {
    if (current_read) std::fill(current.begin(), current.end(), 0.0);
    if (!any_nernst) return;
    // Every step on every node that follows Nernst: one vectorised loop (log_simd is
    // within 3 DBL_EPSILON of the C library's log), the others keep their value.
    const double rt_over_zf = 1e3 * gas_constant * (celsius + 273.15) / (charge * faraday);  // [mV]
    const double* follows = nernst.data();
    const double *in = internal.data(), *out = external.data();
    double* e = reversal.data();
#pragma omp simd
    for (std::size_t i = 0; i < node.size(); ++i) {
        const double computed = rt_over_zf * log_simd(out[i] / in[i]);
        e[i] = follows[i] != 0.0 ? computed : e[i];
    }
}

}  // namespace lamina::sim
