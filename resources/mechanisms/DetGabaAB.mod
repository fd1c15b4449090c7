TITLE DetGabaAB: GABA-A and GABA-B receptors with deterministic Tsodyks-Markram short-term plasticity

COMMENT
Written for Lamina from the published model (facts: Tsodyks & Markram 1997; Markram,
Wang & Tsodyks 1998; Gupta, Wang & Markram 2000 for the inhibitory classes).

One inhibitory synapse, two conductances, each a difference of exponentials normalised
so that a released weight w gives a peak of w (as Exp2Syn): GABA-A, and GABA-B as
GABAB_ratio times GABA-A's weight with its own slow kinetics and reversal potential.
The plasticity is DetAmpaNmda's (see there): per connection, u facilitates with Fac and
R recovers with Dep; a spike releases u R of the weight.

Defaults: an inhibitory depressing (I2) connection of the neocortical microcircuit
(Use 0.25, Dep 706 ms, Fac 21 ms), GABA-A 0.2/8.3 ms reversing at -80 mV, GABA-B
3.5/260.9 ms reversing at -97 mV and off (GABAB_ratio 0), as in most pathways.
ENDCOMMENT

NEURON {
    POINT_PROCESS DetGabaAB
    RANGE tau_r_GABAA, tau_d_GABAA, tau_r_GABAB, tau_d_GABAB, Use, Dep, Fac, e_GABAA, e_GABAB, GABAB_ratio
    RANGE i, i_GABAA, i_GABAB, g_GABAA, g_GABAB, factor_GABAA, factor_GABAB
    NONSPECIFIC_CURRENT i
}

UNITS {
    (nA) = (nanoamp)
    (mV) = (millivolt)
    (uS) = (microsiemens)
}

PARAMETER {
    tau_r_GABAA = 0.2 (ms) <1e-9, 1e15>
    tau_d_GABAA = 8.3 (ms) <1e-9, 1e15>
    tau_r_GABAB = 3.5 (ms) <1e-9, 1e15>
    tau_d_GABAB = 260.9 (ms) <1e-9, 1e15>
    Use = 0.25 (1) <0, 1>
    Dep = 706 (ms) <0, 1e15>
    Fac = 21 (ms) <0, 1e15>
    e_GABAA = -80 (mV)
    e_GABAB = -97 (mV)
    GABAB_ratio = 0 (1) <0, 1e9>
}

ASSIGNED {
    v (mV)
    i (nA)
    i_GABAA (nA)
    i_GABAB (nA)
    g_GABAA (uS)
    g_GABAB (uS)
    factor_GABAA (1)
    factor_GABAB (1)
}

STATE {
    A_GABAA (uS)
    B_GABAA (uS)
    A_GABAB (uS)
    B_GABAB (uS)
}

INITIAL {
    A_GABAA = 0
    B_GABAA = 0
    A_GABAB = 0
    B_GABAB = 0
    factor_GABAA = peak_factor(tau_r_GABAA, tau_d_GABAA)
    factor_GABAB = peak_factor(tau_r_GABAB, tau_d_GABAB)
}

BREAKPOINT {
    SOLVE state METHOD cnexp
    g_GABAA = B_GABAA - A_GABAA
    g_GABAB = B_GABAB - A_GABAB
    i_GABAA = g_GABAA*(v - e_GABAA)
    i_GABAB = g_GABAB*(v - e_GABAB)
    i = i_GABAA + i_GABAB
}

DERIVATIVE state {
    A_GABAA' = -A_GABAA/tau_r_GABAA
    B_GABAA' = -B_GABAA/tau_d_GABAA
    A_GABAB' = -A_GABAB/tau_r_GABAB
    B_GABAB' = -B_GABAB/tau_d_GABAB
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
    A_GABAA = A_GABAA + released*weight*factor_GABAA
    B_GABAA = B_GABAA + released*weight*factor_GABAA
    A_GABAB = A_GABAB + released*weight*GABAB_ratio*factor_GABAB
    B_GABAB = B_GABAB + released*weight*GABAB_ratio*factor_GABAB
}
