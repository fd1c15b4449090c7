TITLE Ih: hyperpolarisation-activated cation (HCN) current

COMMENT
HCN channel after Kole, Hallermann & Stuart (2006), J Neurosci 26:1677-1687.
Used by BOTH families of the catalogue with the same kinetics: the Hay et al.
(2011) layer-5 pyramidal cell and the Allen Institute perisomatic models.
Written once; the singular point is guarded the way the Allen version does it
(vtrap with a series expansion).
Fact sheet: shared/reference/cortical/MECHANISMS.md, sections 1, 2 (Ih), 4, 7.

  ihcn = gIhbar * m * (v - ehcn)      (nonspecific current, ehcn = -45 mV)

alpha_m = 0.00643 (v + 154.9) / (exp((v + 154.9)/11.9) - 1)
beta_m  = 0.193 exp(v/33.1)
m_inf = alpha/(alpha+beta), tau_m = 1/(alpha+beta)

No temperature factor (celsius is not read). ehcn is a global parameter
(ehcn_Ih in NEURON), not an ion reversal potential.

Parameter name: the Hay e-model sets gIhbar (gIhbar_Ih), so that is the name
here; the Allen models' gbar_Ih must be mapped onto it by the loader.
ENDCOMMENT

NEURON {
    SUFFIX Ih
    NONSPECIFIC_CURRENT ihcn
    RANGE gIhbar, gIh
    RANGE mInf, mTau, mAlpha, mBeta
    GLOBAL ehcn
    THREADSAFE
}

UNITS {
    (S) = (siemens)
    (mV) = (millivolt)
    (mA) = (milliamp)
}

PARAMETER {
    gIhbar = 0.00001 (S/cm2) <0, 1e9>
    ehcn = -45 (mV)
}

ASSIGNED {
    v (mV)
    ihcn (mA/cm2)
    gIh (S/cm2)
    mInf
    mTau (ms)
    mAlpha (/ms)
    mBeta (/ms)
}

STATE {
    m
}

BREAKPOINT {
    SOLVE states METHOD cnexp
    gIh = gIhbar*m
    ihcn = gIh*(v - ehcn)
}

DERIVATIVE states {
    rates()
    m' = (mInf - m)/mTau
}

INITIAL {
    rates()
    m = mInf
}

PROCEDURE rates() {
    UNITSOFF
    mAlpha = 0.00643*vtrap(v + 154.9, 11.9)
    mBeta = 0.193*exp(v/33.1)
    mInf = mAlpha/(mAlpha + mBeta)
    mTau = 1/(mAlpha + mBeta)
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
