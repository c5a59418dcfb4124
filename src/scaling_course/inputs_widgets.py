"""Explorers for Chapter 5 "Inputs": effective compute from three growth rates, and the data crossing.

Both are formulas, so every slider move recomputes and redraws only what moves (blitting).
"""
import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from . import inputs, twins
from .widgets import BlitFigure, Explorer

YEARS = np.linspace(0, 10, 101)
COMPONENT_COLOURS = {"spend": "#009E73", "hardware": "#E69F00", "algorithms": "#CC79A7", "total": "#0072B2"}


def effective_compute_explorer(spend_growth=2.5, hardware_halving_years=2.5, algorithm_doubling_years=1.0,
                               gap_ooms=4.0):
    """Sliders for the three growth rates and a gap in orders of magnitude: the OOMs each input adds over
    ten years, their total, and the year the gap closes."""
    figure = Figure(figsize=(8, 4.2))
    figure.subplots_adjust(left=0.09, right=0.98, bottom=0.12, top=0.85)
    ax = figure.subplots()
    lines = {name: ax.plot([], [], color=colour, lw=3 if name == "total" else 1.8, label=name)[0]
             for name, colour in COMPONENT_COLOURS.items()}
    gap_line = ax.axhline(0, color="0.4", ls="--", lw=1)
    closes = ax.axvline(0, color="0.4", ls=":", lw=1)
    ax.set(xlim=(0, 10), ylim=(0, 12), xlabel="years from now", ylabel="orders of magnitude gained")
    ax.legend(loc="upper left", fontsize=8)
    status = ax.set_title(" ", fontsize=10)
    blit = BlitFigure(figure, list(lines.values()) + [gap_line, closes, status])

    def render(spend_growth, hardware_halving_years, algorithm_doubling_years, gap_ooms):
        rates = {"spend": np.log10(spend_growth), "hardware": np.log10(2) / hardware_halving_years,
                 "algorithms": np.log10(2) / algorithm_doubling_years}
        rates["total"] = inputs.effective_ooms_per_year(spend_growth, hardware_halving_years,
                                                        algorithm_doubling_years)
        for name, line in lines.items():
            line.set_data(YEARS, rates[name] * YEARS)
        years = inputs.years_to_close(gap_ooms, spend_growth, hardware_halving_years, algorithm_doubling_years)
        gap_line.set_ydata([gap_ooms, gap_ooms])
        closes.set_xdata([years, years])
        status.set_text(f"spend {rates['spend']:.2f} + hardware {rates['hardware']:.2f} + algorithms "
                        f"{rates['algorithms']:.2f} = {rates['total']:.2f} OOM a year ({10 ** rates['total']:.1f}×);\n"
                        f"a gap of {gap_ooms:g} orders of magnitude closes in {years:.1f} years")
        return blit.png()

    controls = {
        "spend_growth": widgets.FloatSlider(value=spend_growth, min=1.0, max=5.0, step=0.1,
                                            description="spend ×/yr"),
        "hardware_halving_years": widgets.FloatSlider(value=hardware_halving_years, min=1.0, max=5.0, step=0.1,
                                                      description="$/FLOP halves (yr)"),
        "algorithm_doubling_years": widgets.FloatSlider(value=algorithm_doubling_years, min=0.3, max=3.0,
                                                        step=0.05, description="algos ×2 (yr)"),
        "gap_ooms": widgets.FloatSlider(value=gap_ooms, min=1.0, max=8.0, step=0.5, description="gap (OOMs)"),
    }
    for control in controls.values():
        control.style = {"description_width": "110px"}
    return Explorer(controls, render, twins.effective_compute(spend_growth, hardware_halving_years,
                                                              algorithm_doubling_years, gap_ooms))


def data_explorer(growth_per_year=4.5, epochs=1, overtrain=1.0):
    """Sliders for compute growth, epochs over the stock and overtraining: tokens a compute-optimal frontier
    run needs each year against the stock of public text (with its 90% interval), and the crossing year."""
    figure = Figure(figsize=(8, 4.2))
    figure.subplots_adjust(left=0.1, right=0.98, bottom=0.12, top=0.88)
    ax = figure.subplots()
    years = np.linspace(inputs.START_YEAR, 2036, 120)
    low, high = inputs.STOCK_CI90
    band = ax.axhspan(low, high, color="#999999", alpha=0.2, label="public human text, 90% interval")
    (stock_line,) = ax.plot([years[0], years[-1]], [inputs.STOCK_TOKENS] * 2, color="0.3", lw=1.5,
                            label="stock: 300T tokens")
    (effective_line,) = ax.plot([], [], color="#009E73", lw=1.5, ls="--", label="stock, repeated")
    (needed,) = ax.plot([], [], color="#0072B2", lw=2.5, label="tokens a frontier run needs")
    crossing = ax.axvline(years[0], color="#D55E00", ls=":", lw=1.2)
    ax.set(yscale="log", xlim=(years[0], years[-1]), ylim=(3e12, 3e16), xlabel="year", ylabel="tokens")
    ax.legend(handles=[band, stock_line, effective_line, needed], loc="upper left", fontsize=8)
    status = ax.set_title(" ", fontsize=10)
    blit = BlitFigure(figure, [effective_line, needed, crossing, status])

    def render(growth_per_year, epochs, overtrain):
        repeats = epochs - 1
        compute = inputs.START_COMPUTE * growth_per_year ** (years - inputs.START_YEAR)
        needed.set_data(years, inputs.tokens_needed(compute, overtrain=overtrain))
        effective_line.set_data([years[0], years[-1]], [inputs.effective_data(inputs.STOCK_TOKENS, repeats)] * 2)
        year = inputs.data_crossing_year(growth_per_year=growth_per_year, repeats=repeats, overtrain=overtrain)
        crossing.set_xdata([year, year])
        status.set_text(f"Compute ×{growth_per_year:.1f}/yr, {epochs} epoch{'s' if epochs > 1 else ''}, "
                        f"overtrained ×{overtrain:g}: the median stock runs out in {year:.1f}")
        return blit.png()

    controls = {
        "growth_per_year": widgets.FloatSlider(value=growth_per_year, min=2.0, max=6.0, step=0.1,
                                               description="compute ×/yr"),
        "epochs": widgets.IntSlider(value=epochs, min=1, max=16, description="epochs"),
        "overtrain": widgets.FloatLogSlider(value=overtrain, base=10, min=0, max=2, step=0.1,
                                            description="overtrain ×", readout_format=".1f"),
    }
    return Explorer(controls, render, twins.data_crossing(growth_per_year, epochs, float(np.log10(overtrain))))
