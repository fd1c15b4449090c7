TITLE CaDynamics: submembrane calcium pool with first-order removal (Allen perisomatic family)

COMMENT
Calcium concentration in a thin shell under the membrane, of the Allen Institute
perisomatic models, after Destexhe et al. (1994), J Comput Neurosci 1:195-230.
The same equation as the Hay family's CaDynamics_E2; the only difference is
that cai is set to minCai at initialisation.
Fact sheet: shared/reference/cortical/MECHANISMS.md, sections 1, 2 (CaDynamics_E2), 7.

  dcai/dt = -1e4 gamma ica / (2 F depth) - (cai - minCai)/decay

ica: total Ca current density of the compartment (mA/cm2, negative inward).
gamma: free (unbuffered) fraction; decay: removal time constant (ms);
depth: shell depth (um); minCai: resting level (mM). The Allen models set
gamma_CaDynamics and decay_CaDynamics. The factor 1e4 turns
(mA/cm2) / ((C/mol) um) into mM/ms. With ica held for a step, cnexp
integrates this exactly.

Because it writes cai, the simulator recomputes eca by Nernst in every
compartment where it is inserted.
ENDCOMMENT

NEURON {
    SUFFIX CaDynamics
    USEION ca READ ica WRITE cai
    RANGE gamma, decay, depth, minCai
    THREADSAFE
}

UNITS {
    (mV) = (millivolt)
    (mA) = (milliamp)
    (mM) = (milli/liter)
    (um) = (micron)
    FARADAY = (faraday) (coulombs)
}

PARAMETER {
    gamma = 0.05 <0, 1>
    decay = 80 (ms) <1e-9, 1e9>
    depth = 0.1 (um) <1e-9, 1e9>
    minCai = 1e-4 (mM) <0, 1e9>
}

ASSIGNED {
    ica (mA/cm2)
}

STATE {
    cai (mM)
}

BREAKPOINT {
    SOLVE states METHOD cnexp
}

DERIVATIVE states {
    UNITSOFF
    cai' = -10000*ica*gamma/(2*FARADAY*depth) - (cai - minCai)/decay
    UNITSON
}

INITIAL {
    cai = minCai
}
