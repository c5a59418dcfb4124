"""Chapter 5 "Inputs": explorers and their static twins.

- `effective_compute_explorer` (effective compute from spending, hardware and algorithms) and
  `effective_compute_twin`;
- `data_explorer` (when training runs use up the effective stock of text) and `data_twin`.
Both are formulas: every slider move recomputes and redraws only what moves (blitting).
"""
import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from .. import inputs, laws
from . import BlitFigure, Explorer
from .vega import SCHEMA, derived, guide_rule, log10_expr, slider, with_sentence


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
    return Explorer(controls, render, effective_compute_twin(spend_growth, hardware_halving_years,
                                                              algorithm_doubling_years, gap_ooms))


def effective_compute_twin(spend_growth=2.5, hardware_halving_years=2.5, algorithm_doubling_years=1.0, gap_ooms=4.0):
    """Chapter 5: OOMs of effective compute per year from three rates, and the years a gap takes to close."""
    rate = f"({log10_expr('spend')} + {log10_expr(2)} / hardware + {log10_expr(2)} / algorithms)"
    spec = {
        "$schema": SCHEMA, "width": 520, "height": 220,
        "title": {"text": {"expr": "format(ooms_per_year, '.2f') + ' orders of magnitude a year: a gap of ' + gap + ' closes in ' + format(years_to_close, '.1f') + ' years'"}, "fontSize": 12},
        "params": [slider("spend", spend_growth, 1.0, 5.0, 0.1, "spend ×/yr", shows="'×' + format(spend, '.1f') + ' a year'"),
                   slider("hardware", hardware_halving_years, 1.0, 5.0, 0.1, "$/FLOP halves (yr)",
                          shows="'every ' + format(hardware, '.1f') + ' years'"),
                   slider("algorithms", algorithm_doubling_years, 0.3, 3.0, 0.05, "algos ×2 (yr)",
                          shows="'every ' + format(algorithms, '.2~f') + ' years'"),
                   slider("gap", gap_ooms, 1.0, 8.0, 0.5, "gap (OOMs)", shows="format(gap, '.1f') + ' orders of magnitude'"),
                   derived("ooms_per_year", rate), derived("years_to_close", f"gap / {rate}")],
        "data": {"sequence": {"start": 0, "stop": 10.01, "step": 0.5, "as": "years"}},
        "transform": [{"calculate": "datum.years * ooms_per_year", "as": "OOMs gained"}],
        "layer": [
            {"mark": {"type": "line", "color": "#0072B2", "strokeWidth": 3},
             "encoding": {"x": {"field": "years", "type": "quantitative", "title": "years from now"},
                          "y": {"field": "OOMs gained", "type": "quantitative", "scale": {"domain": [0, 12]},
                                "title": "orders of magnitude gained"}}},
            guide_rule("y", "gap"),
        ],
    }
    spec = with_sentence(spec, "'Effective compute grows ' + format(ooms_per_year, '.2f') + ' orders of magnitude a year, "
                               "so a gap of ' + format(gap, '.1f') + ' closes in ' + format(years_to_close, '.1f') + ' years.'")
    return spec, ["spend", "hardware", "algorithms", "gap", "ooms_per_year", "years_to_close"], \
        "Static twin of the effective-compute explorer: orders of magnitude gained over ten years."


def data_explorer(growth_per_year=4.5, stock_trillions=300.0, overtrain=1.0):
    """Sliders for compute growth, the effective stock of text and overtraining: tokens a compute-optimal
    frontier run needs each year against the stock (with Villalobos et al.'s 90% interval), and the
    crossing year. The stock is the effective one, which already allows for training on it for several
    epochs, so no repetition is applied on top of it."""
    figure = Figure(figsize=(8, 4.2))
    figure.subplots_adjust(left=0.1, right=0.98, bottom=0.12, top=0.88)
    ax = figure.subplots()
    years = np.linspace(inputs.START_YEAR, 2036, 120)
    low, high = inputs.STOCK_CI90
    band = ax.axhspan(low, high, color="#999999", alpha=0.2, label="effective stock, 90% interval")
    (stock_line,) = ax.plot([], [], color="0.3", lw=1.5, label="effective stock (slider)")
    (needed,) = ax.plot([], [], color="#0072B2", lw=2.5, label="tokens a frontier run needs")
    crossing = ax.axvline(years[0], color="#D55E00", ls=":", lw=1.2)
    ax.set(yscale="log", xlim=(years[0], years[-1]), ylim=(3e12, 3e16), xlabel="year", ylabel="tokens")
    ax.legend(handles=[band, stock_line, needed], loc="upper left", fontsize=8)
    status = ax.set_title(" ", fontsize=10)
    blit = BlitFigure(figure, [stock_line, needed, crossing, status])

    def render(growth_per_year, stock_trillions, overtrain):
        stock = stock_trillions * 1e12
        compute = inputs.START_COMPUTE * growth_per_year ** (years - inputs.START_YEAR)
        needed.set_data(years, inputs.tokens_needed(compute, overtrain=overtrain))
        stock_line.set_data([years[0], years[-1]], [stock, stock])
        year = inputs.data_crossing_year(stock_tokens=stock, growth_per_year=growth_per_year, overtrain=overtrain)
        crossing.set_xdata([year, year])
        status.set_text(f"Compute ×{growth_per_year:.1f}/yr, a stock of {stock_trillions:,.0f}T tokens, "
                        f"overtrained ×{overtrain:g}: the stock runs out in {year:.1f}")
        return blit.png()

    controls = {
        "growth_per_year": widgets.FloatSlider(value=growth_per_year, min=2.0, max=6.0, step=0.1,
                                               description="compute ×/yr"),
        "stock_trillions": widgets.FloatSlider(value=stock_trillions, min=100.0, max=1000.0, step=10.0,
                                               description="stock (T tokens)"),
        "overtrain": widgets.FloatLogSlider(value=overtrain, base=10, min=0, max=2, step=0.1,
                                            description="overtrain ×", readout_format=".1f"),
    }
    for control in controls.values():
        control.style = {"description_width": "110px"}
    return Explorer(controls, render, data_twin(growth_per_year, stock_trillions, float(np.log10(overtrain))))


def data_twin(growth_per_year=4.5, stock_trillions=300.0, log10_overtrain=0.0):
    """Chapter 5: the year compute-optimal frontier runs need more tokens than the effective stock (used once:
    it already includes multi-epoch training)."""

    c = laws.FITS["epoch"]
    exponent = c["alpha"] / (c["alpha"] + c["beta"])
    now = inputs.tokens_needed(inputs.START_COMPUTE)  # tokens today, before overtraining
    needed_now = f"({now!r} * sqrt(pow(10, log10_overtrain)))"
    spec = {
        "$schema": SCHEMA, "width": 520, "height": 240,
        "title": {"text": {"expr": "'Compute ×' + growth + '/yr, a stock of ' + stock + 'T tokens: it runs out in '"
                                   " + format(crossing_year, '.1f')"}, "fontSize": 12},
        "params": [slider("growth", growth_per_year, 2.0, 6.0, 0.1, "compute ×/yr", shows="'×' + format(growth, '.1f') + ' a year'"),
                   slider("stock", stock_trillions, 100.0, 1000.0, 10.0, "stock (T tokens)",
                          shows="format(stock, ',.0f') + ' T tokens'"),
                   slider("log10_overtrain", log10_overtrain, 0, 2, 0.1, "overtraining",
                          shows="'×' + format(pow(10, log10_overtrain), '.2~r') + ' the compute-optimal tokens'"),
                   derived("stock_tokens", "stock * 1e12"), derived("tokens_now", needed_now),
                   derived("crossing_year", f"{inputs.START_YEAR!r} + log(stock_tokens / tokens_now) / "
                                            f"({exponent!r} * log(growth))")],
        "data": {"sequence": {"start": inputs.START_YEAR, "stop": 2036.01, "step": 0.1, "as": "year"}},
        "transform": [{"calculate": f"{log10_expr(needed_now)} + {exponent!r} * {log10_expr('growth')} * "
                                    f"(datum.year - {inputs.START_YEAR!r})", "as": "log10 tokens needed"}],
        "layer": [
            {"mark": {"type": "line", "color": "#0072B2", "strokeWidth": 2.5},
             "encoding": {"x": {"field": "year", "type": "quantitative", "scale": {"zero": False}},
                          "y": {"field": "log10 tokens needed", "type": "quantitative", "scale": {"domain": [12.5, 16.5]},
                                "title": "log10 tokens a frontier run needs"}}},
            guide_rule("y", log10_expr("stock_tokens"), color="#444"),
        ],
    }
    spec = with_sentence(spec, "'With compute growing ×' + format(growth, '.1f') + ' a year, a frontier run needs more than "
                               "the ' + format(stock, ',.0f') + ' T tokens of text in ' + format(crossing_year, '.1f') + '.'")
    return spec, ["growth", "stock", "log10_overtrain", "stock_tokens", "crossing_year"], \
        "Static twin of the data explorer: tokens a compute-optimal run needs, against the effective stock of text."
