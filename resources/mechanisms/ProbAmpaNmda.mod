TITLE ProbAmpaNmda: AMPA and NMDA receptors with stochastic multivesicular release and Tsodyks-Markram plasticity

COMMENT
The stochastic counterpart of DetAmpaNmda: the same conductances, the same
facilitation of u, but release is quantal (facts: Fuhrmann et al. 2002; Markram et al.
2015; multivesicular release as in Barros-Zulaica et al. 2019). Each connection has a
pool of Nrrp release sites (rounded to a whole number), each holding at most one vesicle. At a spike, a time T after
the previous one:
  u facilitates as in DetAmpaNmda;
  each empty site refills with probability 1 - exp(-T/Dep)   (all refill when Dep = 0);
  each full site releases its vesicle with probability u;
  the conductances jump by released/Nrrp of the weight.
Averaged over trials this is DetAmpaNmda's train exactly: the expected fraction of full
sites follows R's recursion and the expected release is u R. The sites start full.

The draws are Lamina's counter-based ones (event_binomial): the k-th draw of the
connection's own stream under the run's seed, k kept in the connection's state (draws),
so a connection's releases are the same whatever the threads, the cell groups or the
pauses, and after the circuit is saved and read back.

Defaults: an E2 connection with one site (Nrrp 1),
as DetAmpaNmda.
ENDCOMMENT

NEURON {
    POINT_PROCESS ProbAmpaNmda
    RANGE tau_r_AMPA, tau_d_AMPA, tau_r_NMDA, tau_d_NMDA, Use, Dep, Fac, e, mg, NMDA_ratio
    RANGE Nrrp
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
    Nrrp = 1 (1) <1, 1e6>
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
    A_AMPA = A_AMPA + released/sites*weight*factor_AMPA
    B_AMPA = B_AMPA + released/sites*weight*factor_AMPA
    A_NMDA = A_NMDA + released/sites*weight*NMDA_ratio*factor_NMDA
    B_NMDA = B_NMDA + released/sites*weight*NMDA_ratio*factor_NMDA
}
