TITLE ProbGabaAB: GABA-A and GABA-B receptors with stochastic multivesicular release and Tsodyks-Markram plasticity

COMMENT
The stochastic counterpart of DetGabaAB: the same conductances, the same
facilitation of u, but release is quantal (facts: Fuhrmann et al. 2002; Markram et al.
2015; multivesicular release as in Barros-Zulaica et al. 2019). Each connection has a
pool of Nrrp release sites (rounded to a whole number), each holding at most one vesicle. At a spike, a time T after
the previous one:
  u facilitates as in DetGabaAB;
  each empty site refills with probability 1 - exp(-T/Dep)   (all refill when Dep = 0);
  each full site releases its vesicle with probability u;
  the conductances jump by released/Nrrp of the weight.
Averaged over trials this is DetGabaAB's train exactly: the expected fraction of full
sites follows R's recursion and the expected release is u R. The sites start full.

The draws are Lamina's counter-based ones (event_binomial): the k-th draw of the
connection's own stream under the run's seed, k kept in the connection's state (draws),
so a connection's releases are the same whatever the threads, the cell groups or the
pauses, and after the circuit is saved and read back.

Defaults: an I2 connection with one site (Nrrp 1),
as DetGabaAB.
ENDCOMMENT

NEURON {
    POINT_PROCESS ProbGabaAB
    RANGE tau_r_GABAA, tau_d_GABAA, tau_r_GABAB, tau_d_GABAB, Use, Dep, Fac, e_GABAA, e_GABAB, GABAB_ratio
    RANGE Nrrp
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
    Nrrp = 1 (1) <1, 1e6>
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

NET_RECEIVE(weight (uS), u, occupied, tsyn (ms), draws) {
    INITIAL {
        u = 0
        occupied = floor(Nrrp + 0.5)
        tsyn = t
        draws = 0
    }
    LOCAL sites, refill, recovered, released
    sites = floor(Nrrp + 0.5)
    if (Fac > 0) {
        u = u*exp(-(t - tsyn)/Fac)
        u = u + Use*(1 - u)
    } else {
        u = Use
    }
    : each empty site refills with probability 1 - exp(-T/Dep), then each full one
    : releases its vesicle with probability u
    if (Dep > 0) {
        refill = 1 - exp(-(t - tsyn)/Dep)
    } else {
        refill = 1
    }
    recovered = event_binomial(sites - occupied, refill, draws)
    occupied = occupied + recovered
    released = event_binomial(occupied, u, draws + 1)
    draws = draws + 2
    occupied = occupied - released
    tsyn = t
    A_GABAA = A_GABAA + released/sites*weight*factor_GABAA
    B_GABAA = B_GABAA + released/sites*weight*factor_GABAA
    A_GABAB = A_GABAB + released/sites*weight*GABAB_ratio*factor_GABAB
    B_GABAB = B_GABAB + released/sites*weight*GABAB_ratio*factor_GABAB
}
