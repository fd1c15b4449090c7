TITLE K_Tst: transient (fast-inactivating) potassium current

COMMENT
Transient K+ channel of the Hay et al. (2011) layer-5 pyramidal cell model,
after Korngreen & Sakmann (2000), J Physiol 525:621-639, with all curves moved
10 mV in the hyperpolarised direction (liquid junction potential correction).
Fact sheet: shared/reference/cortical/MECHANISMS.md, sections 0, 1, 2 (K_Tst).

  ik = gK_Tstbar * m^4 * h * (v - ek)

Every curve is evaluated at u = v + 10 (a local copy; v is not changed):
m_inf = 1/(1 + exp(-u/19))
tau_m = (0.34 + 0.92 exp(-((u + 71)/59)^2))/qt
h_inf = 1/(1 + exp((u + 66)/10))
tau_h = (8 + 49 exp(-((u + 73)/23)^2))/qt

Temperature: constant qt = 2.3^((34-21)/10); celsius is not read.
No singular points.
ENDCOMMENT

NEURON {
    SUFFIX K_Tst
    USEION k READ ek WRITE ik
    RANGE gK_Tstbar, gK_Tst
    RANGE mInf, mTau, hInf, hTau
    THREADSAFE
}

UNITS {
    (S) = (siemens)
    (mV) = (millivolt)
    (mA) = (milliamp)
}

PARAMETER {
    gK_Tstbar = 0.00001 (S/cm2) <0, 1e9>
}

ASSIGNED {
    v (mV)
    ek (mV)
    ik (mA/cm2)
    gK_Tst (S/cm2)
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
    gK_Tst = gK_Tstbar*m*m*m*m*h
    ik = gK_Tst*(v - ek)
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
    LOCAL qt, u, wm, wh
    UNITSOFF
    qt = pow(2.3, (34.0 - 21.0)/10.0)
    u = v + 10

    mInf = 1/(1 + exp(-u/19))
    wm = (u + 71)/59
    mTau = (0.34 + 0.92*exp(-wm*wm))/qt

    hInf = 1/(1 + exp((u + 66)/10))
    wh = (u + 73)/23
    hTau = (8 + 49*exp(-wh*wh))/qt
    UNITSON
}
