// KINETIC blocks (see solvers.h): reactions become a linear system in the species,
// solved per instance by Gaussian elimination written out as statements over only the
// entries that can be non-zero (the scheme's sparsity, with fill-in), in the order the
// species are declared with the conserved one last.

#include <map>
#include <set>
#include <stdexcept>

#include "engine/nmodl/linear_system.h"
#include "engine/nmodl/nmodl_error.h"
#include "engine/nmodl/solvers.h"
#include "engine/nmodl/symbolic.h"

namespace lamina::nmodl {

namespace {

Expression plus(const Expression& a, const Expression& b) {
    if (!a) return b;
    return binary(Operator::add, a, b);
}

class Kinetic {
public:
    Kinetic(const SolverContext& c, bool steady) : c_(c), steady_(steady) {}

    Block run(const Block& body) {
        for (const auto& s : body) statement(s);
        if (species_.empty()) throw NmodlError(c_.file, Position{}, "the KINETIC block has no reactions");
        order_species();
        if (steady_ && !conserve_ && !has_flux_)
            throw NmodlError(c_.file, first_reaction_, "STEADYSTATE of a closed scheme needs a CONSERVE statement (its steady states are otherwise not unique)");
        solve();
        return std::move(out_);
    }

private:
    [[noreturn]] void fail(Position at, const std::string& m) const { throw NmodlError(c_.file, at, m); }

    std::string species(const std::string& n, Position at) {
        if (!c_.states.count(n)) fail(at, "'" + n + "' in a reaction is not a STATE");
        if (!index_.count(n)) {
            index_[n] = species_.size();
            species_.push_back(n);
        }
        return n;
    }

    // A rate as a local computed where the reaction stands (later statements may change
    // what its expression reads).
    Expression rate(const Expression& e, Position at, const char* what) {
        if (depends_on(e, [&](const std::string& n) { return c_.states.count(n) || dependent_.count(n); }))
            fail(at, std::string("a reaction's ") + what + " depending on a species makes the scheme nonlinear, which is not supported yet");
        const std::string n = "rate__" + std::to_string(++counter_);
        out_.push_back(Statement{at, LocalDeclaration{{n}}});
        out_.push_back(Statement{at, Assignment{n, false, e}});
        return name(n);
    }

    void statement(const Statement& s) {
        if (const auto* r = std::get_if<Reaction>(&s.what)) {
            if (first_reaction_.line == 0) first_reaction_ = s.at;
            reaction(*r, s.at);
        } else if (const auto* k = std::get_if<Conserve>(&s.what)) {
            if (conserve_) fail(s.at, "a second CONSERVE statement (one per scheme is supported)");
            conserve_ = *k;
            conserve_at_ = s.at;
        } else if (std::holds_alternative<Equation>(s.what)) {
            fail(s.at, "an equation (~ a = b) belongs in a LINEAR or NONLINEAR block");
        } else {
            if (const auto* a = std::get_if<Assignment>(&s.what)) {
                if (a->derivative) fail(s.at, "a derivative (" + a->target + "') in a KINETIC block");
                if (c_.states.count(a->target)) fail(s.at, "STATE '" + a->target + "' is assigned in the KINETIC block");
                if (depends_on(a->value, [&](const std::string& n) { return c_.states.count(n) || dependent_.count(n); }))
                    dependent_.insert(a->target);
            }
            out_.push_back(s);
        }
    }

    void reaction(const Reaction& r, Position at) {
        if (r.kind == Reaction::Kind::flux) {
            const std::string x = species(r.left[0].species, at);
            derivative_[x] = plus(derivative_[x], rate(r.forward, at, "flux"));
            has_flux_ = true;
            return;
        }
        if (r.left.size() != 1 || r.right.size() != 1 || r.left[0].stoichiometry != 1 || r.right[0].stoichiometry != 1)
            fail(at, "reactions of more than one species or with a coefficient (higher order) are not supported yet; first-order schemes (~ A <-> B) are");
        const std::string from = species(r.left[0].species, at), to = species(r.right[0].species, at);
        Expression flow = binary(Operator::multiply, rate(r.forward, at, "forward rate"), name(from));
        if (r.kind == Reaction::Kind::reversible)
            flow = binary(Operator::subtract, flow, binary(Operator::multiply, rate(r.backward, at, "backward rate"), name(to)));
        derivative_[from] = plus(derivative_[from], negate(flow));
        derivative_[to] = plus(derivative_[to], flow);
    }

    // Declaration order, the conserved species whose equation is replaced last.
    void order_species() {
        std::vector<std::string> ordered;
        for (const auto& n : c_.state_order)
            if (index_.count(n)) ordered.push_back(n);
        if (conserve_) {
            std::vector<std::string> in_law;
            depends_on(conserve_->left, [&](const std::string& n) {
                if (c_.states.count(n) && !index_.count(n)) fail(conserve_at_, "CONSERVE names '" + n + "', which no reaction of the scheme involves");
                if (index_.count(n)) in_law.push_back(n);
                return false;
            });
            if (in_law.empty()) fail(conserve_at_, "CONSERVE names no species of the scheme");
            replaced_ = in_law.back();
            std::erase(ordered, replaced_);
            ordered.push_back(replaced_);
        }
        species_ = ordered;
        for (std::size_t k = 0; k < species_.size(); ++k) index_[species_[k]] = k;
    }

    // Implicit Euler: (I - dt A) x_new = x_old + dt c, with A the rates between species
    // and c the fluxes; steady state: A x = -c. The conserved species' row becomes the
    // conservation law sum_k w_k x_k = total.
    void solve() {
        const std::size_t n = species_.size();
        std::vector<std::vector<Expression>> a(n, std::vector<Expression>(n));
        std::vector<Expression> r(n);
        for (std::size_t i = 0; i < n; ++i) {
            const std::string& x = species_[i];
            const Expression f = derivative_[x] ? derivative_[x] : number(0.0);
            const bool law = conserve_ && x == replaced_;
            const Expression constant = simplify(substitute(f, zeros()));
            for (std::size_t j = 0; j < n; ++j) {
                if (law) {
                    a[i][j] = simplify(differentiate(conserve_->left, with_respect_to(species_[j])));
                } else {
                    const Expression rate = simplify(differentiate(f, with_respect_to(species_[j])));
                    a[i][j] = steady_ ? rate
                                      : simplify(binary(Operator::subtract, number(i == j ? 1.0 : 0.0),
                                                        binary(Operator::multiply, name("dt"), rate)));
                }
            }
            if (law) r[i] = conserve_->right;
            else if (steady_) r[i] = negate(constant);
            else r[i] = binary(Operator::add, name(x), binary(Operator::multiply, name("dt"), constant));
        }
        // Without pivoting: I - dt A is diagonally dominant by columns (rates move
        // amounts from one species to another), and a closed scheme's conserved row is
        // last.
        const auto solution = write_linear_solve(a, r, species_, "", c_.file, first_reaction_, out_);
        for (std::size_t k = 0; k < n; ++k) out_.push_back(Statement{{}, Assignment{species_[k], false, name(solution[k])}});
    }

    std::map<std::string, Expression> zeros() const {
        std::map<std::string, Expression> z;
        for (const auto& s : species_) z[s] = number(0.0);
        return z;
    }

    static std::function<std::optional<Expression>(const std::string&)> with_respect_to(const std::string& x) {
        return [x](const std::string& n) -> std::optional<Expression> {
            if (n == x) return number(1.0);
            return std::nullopt;
        };
    }

    const SolverContext& c_;
    bool steady_;
    Block out_;
    std::vector<std::string> species_;
    std::map<std::string, std::size_t> index_;
    std::map<std::string, Expression> derivative_;
    std::set<std::string> dependent_;
    std::optional<Conserve> conserve_;
    Position conserve_at_, first_reaction_;
    std::string replaced_;
    bool has_flux_ = false;
    int counter_ = 0;
};

}  // namespace

Block integrate_kinetic(const Block& body, const SolverContext& context, bool steady_state) {
    return Kinetic(context, steady_state).run(body);
}

}  // namespace lamina::nmodl
