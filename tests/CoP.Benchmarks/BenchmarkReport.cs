using System.Globalization;
using System.Text.Json;

namespace CoP.Benchmarks;

/// <summary>Collects figures, printing each as a line when measured and all of them as one JSON line at the end.</summary>
internal sealed class BenchmarkReport(TextWriter output)
{
    private readonly Dictionary<string, object> _figures = new(StringComparer.Ordinal);
    private readonly Dictionary<string, object> _settings = new(StringComparer.Ordinal);

    public void Setting(string name, object value) => _settings[name] = value;

    public void Figure(string name, double value, string unit, string detail = "")
    {
        var rounded = Math.Round(value, value >= 100 ? 0 : 2);
        _figures[name] = rounded;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-44} {rounded,12:0.##} {unit,-10} {detail}"));
    }

    /// <summary>A scenario's figure relative to a baseline of the same run (e.g. 0.5 = half the baseline rate).</summary>
    public void Ratio(string name, string figure, string baseline)
    {
        if (_figures.TryGetValue(figure, out var f) && _figures.TryGetValue(baseline, out var b) && (double)b != 0)
        {
            Figure(name, (double)f / (double)b, "x", $"{figure} / {baseline}");
        }
    }

    public void WriteJson() =>
        output.WriteLine(JsonSerializer.Serialize(new { benchmark = "CoP.Functions", settings = _settings, figures = _figures }));
}
