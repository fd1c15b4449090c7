TITLE SK: small-conductance calcium-activated potassium current (Allen perisomatic family)

COMMENT
SK (KCa2) K+ channel of the Allen Institute perisomatic models, after Koehler
et al. (1996), Science 273:1709-1714: the Hay family's SK_E2 under another name,
with the conductance parameter called gbar.
Fact sheet: shared/reference/cortical/MECHANISMS.md, sections 2 (SK_E2), 4, 7.

  ik = gbar * z * (v - ek)

z_inf = 1/(1 + (0.00043/cai)^4.8)   (Hill function: Kd 0.43 uM, n 4.8; cai in mM)
tau_z = zTau = 1 ms (global parameter; no voltage or temperature dependence)

cai is read from the compartment's calcium pool (written by CaDynamics).
Guard: below 1e-7 mM, cai + 1e-7 mM is used instead (a local copy, so the ion's
cai is not changed).
ENDCOMMENT

NEURON {
    SUFFIX SK
    USEION k READ ek WRITE ik
    USEION ca READ cai
    RANGE gbar, gSK
    RANGE zInf
    GLOBAL zTau
    THREADSAFE
}

UNITS {
    (S) = (siemens)
    (mV) = (millivolt)
    (mA) = (milliamp)
    (mM) = (milli/liter)
}

PARAMETER {
    gbar = 0.00001 (S/cm2) <0, 1e9>
    zTau = 1 (ms) <1e-9, 1e9>
}

ASSIGNED {
    v (mV)
    ek (mV)
    ik (mA/cm2)
    cai (mM)
    gSK (S/cm2)
    zInf
}

STATE {
    z
}

BREAKPOINT {
    SOLVE states METHOD cnexp
    gSK = gbar*z
    ik = gSK*(v - ek)
}

DERIVATIVE states {
    rates()
    z' = (zInf - z)/zTau
}

INITIAL {
    rates()
    z = zInf
}

PROCEDURE rates() {
    LOCAL c
    UNITSOFF
    c = cai
    if (c < 1e-7) {
        c = c + 1e-7
    }
    zInf = 1/(1 + pow(0.00043/c, 4.8))
    UNITSON
}
