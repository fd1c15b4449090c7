TITLE CaDynamics_E2: submembrane calcium pool with first-order removal

COMMENT
Calcium concentration in a thin shell under the membrane, of the Hay et al.
(2011) layer-5 pyramidal cell model, after Destexhe et al. (1994),
J Comput Neurosci 1:195-230.
Fact sheet: shared/reference/cortical/MECHANISMS.md, sections 1, 2 (CaDynamics_E2), 3.

  dcai/dt = -1e4 gamma ica / (2 F depth) - (cai - minCai)/decay

ica: total Ca current density of the compartment (mA/cm2, negative inward), so
inward current raises cai. gamma: free (unbuffered) fraction; decay: removal time
constant (ms); depth: shell depth (um); minCai: resting level (mM).
The factor 1e4 turns (mA/cm2) / ((C/mol) um) into mM/ms.
With ica held for a step, cnexp integrates this exactly.

Because it writes cai, NEURON recomputes eca by Nernst in every compartment
where it is inserted (cao = 2 mM, T = celsius + 273.15).

There is deliberately NO INITIAL block: cai starts at the ion's default
(NEURON's cai0_ca_ion = 5e-5 mM, half of minCai) and relaxes toward minCai with
time constant decay. The Allen family's CaDynamics (CaDynamics.mod) differs
only in setting cai = minCai at initialisation.
ENDCOMMENT

NEURON {
    SUFFIX CaDynamics_E2
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
