TITLE Im: muscarinic-sensitive (M-type) potassium current

COMMENT
M-current after Adams, Brown & Constanti (1982), J Physiol 330:537-572.
Used by BOTH families of the catalogue with the same kinetics: the Hay et al.
(2011) layer-5 pyramidal cell and the Allen Institute perisomatic models.
Written once.
Fact sheet: shared/reference/cortical/MECHANISMS.md, sections 0, 1, 2 (Im), 7.

  ik = gImbar * m * (v - ek)

alpha_m = 3.3e-3 exp( 0.1 (v + 35))
beta_m  = 3.3e-3 exp(-0.1 (v + 35))
m_inf = alpha/(alpha+beta) = 1/(1 + exp(-(v + 35)/5))
tau_m = 1/((alpha+beta) qt)   (peak 51.3 ms at -35 mV)

Temperature: the constant qt = 2.3^((34-21)/10) of the Hay files; celsius is
not read. The Allen version computes qt = 2.3^((celsius-21)/10) instead, which
is the same number at the 34 degC the Allen models run at (see README.md).

Parameter name: the Hay e-model sets gImbar (gImbar_Im), so that is the name
here; the Allen models' gbar_Im must be mapped onto it by the loader.
No singular points.
ENDCOMMENT

NEURON {
    SUFFIX Im
    USEION k READ ek WRITE ik
    RANGE gImbar, gIm
    RANGE mInf, mTau, mAlpha, mBeta
    THREADSAFE
}

UNITS {
    (S) = (siemens)
    (mV) = (millivolt)
    (mA) = (milliamp)
}

PARAMETER {
    gImbar = 0.00001 (S/cm2) <0, 1e9>
}

ASSIGNED {
    v (mV)
    ek (mV)
    ik (mA/cm2)
    gIm (S/cm2)
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
    gIm = gImbar*m
    ik = gIm*(v - ek)
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
    LOCAL qt
    UNITSOFF
    qt = pow(2.3, (34.0 - 21.0)/10.0)
    mAlpha = 3.3e-3*exp(0.1*(v + 35))
    mBeta = 3.3e-3*exp(-0.1*(v + 35))
    mInf = mAlpha/(mAlpha + mBeta)
    mTau = 1/((mAlpha + mBeta)*qt)
    UNITSON
}
