TITLE Ca_HVA: high-voltage-activated calcium current

COMMENT
High-voltage-activated Ca2+ channel, after Reuveni et al. (1993), J Neurosci
13:4609-4621. Used by BOTH families of the catalogue with the same kinetics:
the Hay et al. (2011) layer-5 pyramidal cell and the Allen Institute
perisomatic models. Written once; the singular point is guarded the way the
Allen version does it (vtrap with a series expansion).
Fact sheet: shared/reference/cortical/MECHANISMS.md, sections 1, 2 (Ca_HVA), 4, 7.

  ica = gCa_HVAbar * m^2 * h * (v - eca)

alpha_m = 0.055 (-27 - v) / (exp((-27 - v)/3.8) - 1)
beta_m  = 0.94 exp(-(v + 75)/17)
alpha_h = 0.000457 exp(-(v + 13)/50)
beta_h  = 0.0065 / (1 + exp(-(v + 15)/28))
s_inf = alpha/(alpha+beta), tau_s = 1/(alpha+beta)

No temperature factor (celsius is not read).

Parameter name: the Hay e-model sets gCa_HVAbar (gCa_HVAbar_Ca_HVA), so that is
the name here; the Allen models' gbar_Ca_HVA must be mapped onto it by the
loader. The conductance is exposed as gCa_HVA.
ENDCOMMENT

NEURON {
    SUFFIX Ca_HVA
    USEION ca READ eca WRITE ica
    RANGE gCa_HVAbar, gCa_HVA
    RANGE mInf, mTau, mAlpha, mBeta, hInf, hTau, hAlpha, hBeta
    THREADSAFE
}

UNITS {
    (S) = (siemens)
    (mV) = (millivolt)
    (mA) = (milliamp)
}

PARAMETER {
    gCa_HVAbar = 0.00001 (S/cm2) <0, 1e9>
}

ASSIGNED {
    v (mV)
    eca (mV)
    ica (mA/cm2)
    gCa_HVA (S/cm2)
    mInf
    mTau (ms)
    mAlpha (/ms)
    mBeta (/ms)
    hInf
    hTau (ms)
    hAlpha (/ms)
    hBeta (/ms)
}

STATE {
    m
    h
}

BREAKPOINT {
    SOLVE states METHOD cnexp
    gCa_HVA = gCa_HVAbar*m*m*h
    ica = gCa_HVA*(v - eca)
}

DERIVATIVE states {
    rates()
    m' = (mInf - m)/mTau
    h' = (hInf - h)/hTau
}

INITIAL {
    rates()
    m = mInf
    h = hInf
}

PROCEDURE rates() {
    UNITSOFF
    mAlpha = 0.055*vtrap(-27 - v, 3.8)
    mBeta = 0.94*exp(-(v + 75)/17)
    mInf = mAlpha/(mAlpha + mBeta)
    mTau = 1/(mAlpha + mBeta)

    hAlpha = 0.000457*exp(-(v + 13)/50)
    hBeta = 0.0065/(1 + exp(-(v + 15)/28))
    hInf = hAlpha/(hAlpha + hBeta)
    hTau = 1/(hAlpha + hBeta)
    UNITSON
}

FUNCTION vtrap(x, k) {
    : x/(exp(x/k) - 1), which tends to k as x -> 0; near 0 use k (1 - x/(2k))
    if (fabs(x/k) < 1e-6) {
        vtrap = k*(1 - x/k/2)
    } else {
        vtrap = x/(exp(x/k) - 1)
    }
}
