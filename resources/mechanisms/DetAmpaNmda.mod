TITLE DetAmpaNmda: AMPA and NMDA receptors with deterministic Tsodyks-Markram short-term plasticity

COMMENT
Written for Lamina from the published model (facts: Tsodyks & Markram 1997; Markram,
Wang & Tsodyks 1998; Fuhrmann et al. 2002 for the facilitation rule; Jahr & Stevens
1990 for the magnesium block).

One synapse, two conductances. Each is a difference of exponentials (rise tau_r, decay
tau_d) normalised so that a released weight w gives a peak of w, as Exp2Syn does. The
NMDA part is NMDA_ratio times the AMPA part's weight and is blocked by magnesium:
B(v) = 1 / (1 + exp(-0.062 v) mg / 3.57), v in mV, mg in mM.

Each connection keeps its own plasticity state (NET_RECEIVE's further arguments):
u, the utilisation of the available resources, and R, the fraction of resources
available, with the time of the connection's last spike. At a spike, a time T after the
previous one:
  u <- u exp(-T/Fac), then u <- u + Use (1 - u)    (facilitation; u = Use when Fac = 0)
  R <- 1 - (1 - R) exp(-T/Dep)                      (recovery; R = 1 when Dep = 0)
  the spike releases u R of the weight, then R <- R - u R.
The first spike of a connection releases Use of the weight. For a regular train this is
the recursion u(n+1) = Use + u(n) (1 - Use) exp(-T/Fac),
R(n+1) = 1 - (1 - R(n) (1 - u(n))) exp(-T/Dep), amplitude proportional to u(n) R(n).

Defaults: an excitatory depressing (E2) connection of the neocortical microcircuit
(Use 0.5, Dep 671 ms, Fac 17 ms), AMPA 0.2/1.7 ms, NMDA 0.29/43 ms, NMDA/AMPA 0.71,
1 mM magnesium.
ENDCOMMENT

NEURON {
    POINT_PROCESS DetAmpaNmda
    RANGE tau_r_AMPA, tau_d_AMPA, tau_r_NMDA, tau_d_NMDA, Use, Dep, Fac, e, mg, NMDA_ratio
    RANGE i, i_AMPA, i_NMDA, g_AMPA, g_NMDA, factor_AMPA, factor_NMDA
    NONSPECIFIC_CURRENT i
}

UNITS {
    (nA) = (nanoamp)
    (mV) = (millivolt)
    (uS) = (microsiemens)
    (mM) = (milli/liter)
}

PARAMETER {
    tau_r_AMPA = 0.2 (ms) <1e-9, 1e15>
    tau_d_AMPA = 1.7 (ms) <1e-9, 1e15>
    tau_r_NMDA = 0.29 (ms) <1e-9, 1e15>
    tau_d_NMDA = 43 (ms) <1e-9, 1e15>
    Use = 0.5 (1) <0, 1>
    Dep = 671 (ms) <0, 1e15>
    Fac = 17 (ms) <0, 1e15>
    e = 0 (mV)
    mg = 1 (mM) <0, 1e9>
    NMDA_ratio = 0.71 (1) <0, 1e9>
}

ASSIGNED {
    v (mV)
    i (nA)
    i_AMPA (nA)
    i_NMDA (nA)
    g_AMPA (uS)
    g_NMDA (uS)
    factor_AMPA (1)
    factor_NMDA (1)
}

STATE {
    A_AMPA (uS)
    B_AMPA (uS)
    A_NMDA (uS)
    B_NMDA (uS)
}

INITIAL {
    A_AMPA = 0
    B_AMPA = 0
    A_NMDA = 0
    B_NMDA = 0
    factor_AMPA = peak_factor(tau_r_AMPA, tau_d_AMPA)
    factor_NMDA = peak_factor(tau_r_NMDA, tau_d_NMDA)
}

BREAKPOINT {
    SOLVE state METHOD cnexp
    g_AMPA = B_AMPA - A_AMPA
    g_NMDA = (B_NMDA - A_NMDA)*mg_block(v)
    i_AMPA = g_AMPA*(v - e)
    i_NMDA = g_NMDA*(v - e)
    i = i_AMPA + i_NMDA
}

DERIVATIVE state {
    A_AMPA' = -A_AMPA/tau_r_AMPA
    B_AMPA' = -B_AMPA/tau_d_AMPA
    A_NMDA' = -A_NMDA/tau_r_NMDA
    B_NMDA' = -B_NMDA/tau_d_NMDA
}

: 1 / (the peak of exp(-t/tau_d) - exp(-t/tau_r)), reached at tp.
FUNCTION peak_factor(tau_r (ms), tau_d (ms)) {
    LOCAL r, tp
    : equal time constants would make tp 0/0: kept apart as Exp2Syn keeps them
    r = tau_r
    if (r/tau_d > 0.9999) {
        r = 0.9999*tau_d
    }
    tp = (r*tau_d)/(tau_d - r)*log(tau_d/r)
    peak_factor = 1/(-exp(-tp/r) + exp(-tp/tau_d))
}

FUNCTION mg_block(v (mV)) {
    UNITSOFF
    mg_block = 1/(1 + exp(-0.062*v)*mg/3.57)
    UNITSON
}

NET_RECEIVE(weight (uS), u, R, tsyn (ms)) {
    INITIAL {
        u = 0
        R = 1
        tsyn = t
    }
    LOCAL released
    if (Fac > 0) {
        u = u*exp(-(t - tsyn)/Fac)
        u = u + Use*(1 - u)
    } else {
        u = Use
    }
    if (Dep > 0) {
        R = 1 - (1 - R)*exp(-(t - tsyn)/Dep)
    } else {
        R = 1
    }
    released = u*R
    R = R - u*R
    tsyn = t
    A_AMPA = A_AMPA + released*weight*factor_AMPA
    B_AMPA = B_AMPA + released*weight*factor_AMPA
    A_NMDA = A_NMDA + released*weight*NMDA_ratio*factor_NMDA
    B_NMDA = B_NMDA + released*weight*NMDA_ratio*factor_NMDA
}
