#include "engine/nmodl/linear_system.h"

#include <set>

#include "engine/nmodl/nmodl_error.h"
#include "engine/nmodl/symbolic.h"

namespace lamina::nmodl {

std::vector<std::string> write_linear_solve(const std::vector<std::vector<Expression>>& a, const std::vector<Expression>& r,
                                            const std::vector<std::string>& unknowns, const std::string& prefix,
                                            const std::string& file, Position at, Block& out) {
    const std::size_t n = r.size();
    const auto entry = [&](std::size_t i, std::size_t j) { return prefix + "m__" + std::to_string(i) + "_" + std::to_string(j); };
    const auto right = [&](std::size_t i) { return prefix + "r__" + std::to_string(i); };
    const auto assign = [&](const std::string& n_, Expression e) {
        out.push_back(Statement{at, LocalDeclaration{{n_}}});
        out.push_back(Statement{at, Assignment{n_, false, simplify(e)}});
    };
    std::set<std::pair<std::size_t, std::size_t>> nonzero;
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < n; ++j) {
            if (!a[i][j] || is_number(a[i][j], 0)) continue;
            nonzero.insert({i, j});
            assign(entry(i, j), a[i][j]);
        }
        assign(right(i), r[i]);
    }
    for (std::size_t k = 0; k < n; ++k) {
        if (!nonzero.count({k, k}))
            throw NmodlError(file, at, "'" + unknowns[k] + "' has no equation of its own (nothing in the system depends on it)");
        for (std::size_t i = k + 1; i < n; ++i) {
            if (!nonzero.count({i, k})) continue;
            const std::string factor = prefix + "f__" + std::to_string(i) + "_" + std::to_string(k);
            assign(factor, binary(Operator::divide, name(entry(i, k)), name(entry(k, k))));
            for (std::size_t j = k + 1; j < n; ++j) {
                if (!nonzero.count({k, j})) continue;
                const Expression product = binary(Operator::multiply, name(factor), name(entry(k, j)));
                if (nonzero.count({i, j})) {
                    out.push_back(Statement{at, Assignment{entry(i, j), false, binary(Operator::subtract, name(entry(i, j)), product)}});
                } else {
                    nonzero.insert({i, j});
                    assign(entry(i, j), negate(product));
                }
            }
            out.push_back(Statement{at, Assignment{right(i), false,
                                                   binary(Operator::subtract, name(right(i)), binary(Operator::multiply, name(factor), name(right(k))))}});
        }
    }
    std::vector<std::string> x(n);
    for (std::size_t k = n; k-- > 0;) {
        Expression sum = name(right(k));
        for (std::size_t j = k + 1; j < n; ++j)
            if (nonzero.count({k, j})) sum = binary(Operator::subtract, sum, binary(Operator::multiply, name(entry(k, j)), name(x[j])));
        x[k] = prefix + "x__" + std::to_string(k);
        assign(x[k], binary(Operator::divide, sum, name(entry(k, k))));
    }
    return x;
}

}  // namespace lamina::nmodl
