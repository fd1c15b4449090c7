TITLE K_Pst: persistent (slowly inactivating) potassium current

COMMENT
Persistent K+ channel of the Hay et al. (2011) layer-5 pyramidal cell model,
after Korngreen & Sakmann (2000), J Physiol 525:621-639, with all curves moved
10 mV in the hyperpolarised direction (liquid junction potential correction).
Fact sheet: shared/reference/cortical/MECHANISMS.md, sections 0, 1, 2 (K_Pst).

  ik = gK_Pstbar * m^2 * h * (v - ek)

Every curve is evaluated at u = v + 10 (a local copy; v is not changed):
m_inf = 1/(1 + exp(-(u + 1)/12))
tau_m = (1.25 + 175.03 exp( 0.026 u))/qt   for u <  -50
tau_m = (1.25 +  13    exp(-0.026 u))/qt   for u >= -50
        (the branches meet to 3e-4 ms at u = -50: a negligible jump)
h_inf = 1/(1 + exp((u + 54)/11))
tau_h = (360 + (1010 + 24 (u + 55)) exp(-((u + 75)/48)^2))/qt

Temperature: constant qt = 2.3^((34-21)/10); celsius is not read.
No singular points.
ENDCOMMENT

NEURON {
    SUFFIX K_Pst
    USEION k READ ek WRITE ik
    RANGE gK_Pstbar, gK_Pst
    RANGE mInf, mTau, hInf, hTau
    THREADSAFE
}

UNITS {
    (S) = (siemens)
    (mV) = (millivolt)
    (mA) = (milliamp)
}

PARAMETER {
    gK_Pstbar = 0.00001 (S/cm2) <0, 1e9>
}

ASSIGNED {
    v (mV)
    ek (mV)
    ik (mA/cm2)
    gK_Pst (S/cm2)
    mInf
    mTau (ms)
    hInf
    hTau (ms)
}

STATE {
    m
    h
}

BREAKPOINT {
    SOLVE states METHOD cnexp
    gK_Pst = gK_Pstbar*m*m*h
    ik = gK_Pst*(v - ek)
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
    LOCAL qt, u, w
    UNITSOFF
    qt = pow(2.3, (34.0 - 21.0)/10.0)
    u = v + 10

    mInf = 1/(1 + exp(-(u + 1)/12))
    if (u < -50) {
        mTau = (1.25 + 175.03*exp(0.026*u))/qt
    } else {
        mTau = (1.25 + 13*exp(-0.026*u))/qt
    }

    hInf = 1/(1 + exp((u + 54)/11))
    w = (u + 75)/48
    hTau = (360 + (1010 + 24*(u + 55))*exp(-w*w))/qt
    UNITSON
}
