TITLE CaT: low-threshold (T-type) calcium current of low-threshold spiking cells

COMMENT
Written for Lamina from the published fits of Huguenard & McCormick (1992),
J Neurophysiol 68:1373-1383 (facts), the T-current behind rebound bursts in
thalamic relay cells and the low-threshold spiking interneurons of neocortex.
Ohmic in eca, as most cortical models use it:

  ica = gCaTbar * m^2 * h * (v - eca)
  m_inf = 1/(1 + exp(-(v + 57)/6.2))
  tau_m = 0.612 + 1/(exp(-(v + 132)/16.7) + exp((v + 16.8)/18.2))      (ms, 24 degC)
  h_inf = 1/(1 + exp((v + 81)/4))
  tau_h = exp((v + 467)/66.6)            below -80 mV               (ms, 24 degC)
        = 28 + exp(-(v + 22)/10.5)       from -80 mV up
  temperature: tau_m / 5^((celsius - 24)/10), tau_h / 3^((celsius - 24)/10)

Compared with Ca_LVAst (activation half-way at -40 mV) this channel opens from about
-65 mV, so a cell at rest near -70 mV that was held below -80 mV fires a calcium
spike, crowned by sodium spikes, when released.
ENDCOMMENT

NEURON {
    SUFFIX CaT
    USEION ca READ eca WRITE ica
    RANGE gCaTbar, gCaT
    RANGE mInf, mTau, hInf, hTau
    THREADSAFE
}

UNITS {
    (S) = (siemens)
    (mV) = (millivolt)
    (mA) = (milliamp)
}

PARAMETER {
    gCaTbar = 0.0001 (S/cm2) <0, 1e9>
}

ASSIGNED {
    v (mV)
    celsius (degC)
    eca (mV)
    ica (mA/cm2)
    gCaT (S/cm2)
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
    gCaT = gCaTbar*m*m*h
    ica = gCaT*(v - eca)
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
    LOCAL phi_m, phi_h
    UNITSOFF
    phi_m = pow(5, (celsius - 24)/10)
    phi_h = pow(3, (celsius - 24)/10)
    mInf = 1/(1 + exp(-(v + 57)/6.2))
    mTau = (0.612 + 1/(exp(-(v + 132)/16.7) + exp((v + 16.8)/18.2)))/phi_m
    hInf = 1/(1 + exp((v + 81)/4))
    if (v < -80) {
        hTau = exp((v + 467)/66.6)/phi_h
    } else {
        hTau = (28 + exp(-(v + 22)/10.5))/phi_h
    }
    UNITSON
}
