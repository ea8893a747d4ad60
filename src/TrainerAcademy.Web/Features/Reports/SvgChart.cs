using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Html;

namespace TrainerAcademy.Features.Reports;

/// <summary>One series of a chart: its name (the legend) and a value per category.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<decimal> Values);

/// <summary>
/// Bar and line charts drawn on the server as inline SVG: no script, so they print and show without JavaScript. Each chart
/// is an image with a title and a description that reads out its figures (<c>role="img"</c>, <c>aria-labelledby</c>),
/// every bar and point carries its value as a tooltip, and text is set in the page's own (Chinese-capable) font.
/// </summary>
public static class SvgChart
{
    private static readonly string[] Palette = ["#1f5fbf", "#0f9d8a", "#b7791f", "#7b4fc4", "#c2362b", "#5b6776"];
    private const int Width = 720, Height = 280, Left = 56, Right = 16, Top = 36, Bottom = 48;

    public static IHtmlContent Bars(string id, string title, IReadOnlyList<string> categories, IReadOnlyList<ChartSeries> series, string unit = "") =>
        Render(id, title, categories, series, unit, line: false, maxValue: null);

    /// <summary>A line chart; <paramref name="maxValue"/> fixes the top of the scale (100 for percentages), otherwise it is a round number above the largest value.</summary>
    public static IHtmlContent Lines(string id, string title, IReadOnlyList<string> categories, IReadOnlyList<ChartSeries> series, string unit = "", decimal? maxValue = null) =>
        Render(id, title, categories, series, unit, line: true, maxValue);

    private static IHtmlContent Render(string id, string title, IReadOnlyList<string> categories, IReadOnlyList<ChartSeries> series, string unit, bool line, decimal? maxValue)
    {
        var ci = CultureInfo.InvariantCulture;
        var max = maxValue ?? NiceCeiling(series.SelectMany(s => s.Values).DefaultIfEmpty(0m).Max());
        if (max <= 0) max = 1;
        var plotW = Width - Left - Right;
        var plotH = Height - Top - Bottom;
        var n = Math.Max(1, categories.Count);
        var slot = (double)plotW / n;
        double Y(decimal v) => Top + plotH - (double)(Math.Max(0, v) / max) * plotH;
        string F(double v) => v.ToString("0.#", ci);
        string E(string s) => WebUtility.HtmlEncode(s);

        // Category labels: every one when they fit, otherwise every second or third; a long one in two lines.
        var every = n <= 12 ? 1 : n <= 24 ? 2 : 3;
        var labels = categories.Select((c, i) => i % every == 0 ? Wrap(n > 12 ? Short(c) : c, slot * every - 6) : []).ToList();
        var legendTop = labels.Max(l => (int?)l.Count) > 1 ? LabelLine : 0;
        var legend = LegendLayout(series);
        var height = Height + legendTop + legend.Max(l => (int?)l.Row).GetValueOrDefault() * LegendRow;

        var sb = new StringBuilder();
        sb.Append(ci, $"<svg class=\"report-chart\" id=\"{E(id)}\" role=\"img\" aria-labelledby=\"{E(id)}-title {E(id)}-desc\" viewBox=\"0 0 {Width} {height}\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\" xmlns=\"http://www.w3.org/2000/svg\">");
        sb.Append(ci, $"<title id=\"{E(id)}-title\">{E(title)}</title>");
        sb.Append(ci, $"<desc id=\"{E(id)}-desc\">{E(Describe(categories, series, unit))}</desc>");
        sb.Append("<rect x=\"0\" y=\"0\" width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>");
        sb.Append(ci, $"<text x=\"{Left}\" y=\"18\" font-size=\"14\" font-weight=\"600\" fill=\"#1c2430\">{E(title)}</text>");

        // The value axis: five gridlines with their figures.
        for (var t = 0; t <= 4; t++)
        {
            var value = max * t / 4;
            var y = Y(value);
            sb.Append(ci, $"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{F(y)}\" y2=\"{F(y)}\" stroke=\"{(t == 0 ? "#5b6776" : "#dfe4ea")}\" stroke-width=\"1\"/>");
            sb.Append(ci, $"<text x=\"{Left - 6}\" y=\"{F(y + 4)}\" font-size=\"11\" text-anchor=\"end\" fill=\"#5b6776\">{E(Number(value))}{E(unit)}</text>");
        }
        for (var i = 0; i < categories.Count; i += every)
        {
            var cx = F(Left + slot * (i + 0.5));
            sb.Append(ci, $"<text x=\"{cx}\" y=\"{Height - Bottom + 16}\" font-size=\"11\" text-anchor=\"middle\" fill=\"#1c2430\">");
            for (var l = 0; l < labels[i].Count; l++)
                sb.Append(ci, $"<tspan x=\"{cx}\" dy=\"{(l == 0 ? 0 : LabelLine)}\">{E(labels[i][l])}</tspan>");
            sb.Append("</text>");
        }

        for (var s = 0; s < series.Count; s++)
        {
            var colour = Palette[s % Palette.Length];
            var values = series[s].Values;
            if (line)
            {
                var points = string.Join(" ", values.Select((v, i) => $"{F(Left + slot * (i + 0.5))},{F(Y(v))}"));
                sb.Append(ci, $"<polyline points=\"{points}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2.5\"/>");
                for (var i = 0; i < values.Count; i++)
                    sb.Append(ci, $"<circle cx=\"{F(Left + slot * (i + 0.5))}\" cy=\"{F(Y(values[i]))}\" r=\"3.5\" fill=\"{colour}\"><title>{E($"{series[s].Name} {categories[i]}: {Number(values[i])}{unit}")}</title></circle>");
            }
            else
            {
                var group = slot * 0.8;
                var barW = group / series.Count;
                for (var i = 0; i < values.Count; i++)
                {
                    var x = Left + slot * i + slot * 0.1 + barW * s;
                    var y = Y(values[i]);
                    sb.Append(ci, $"<rect x=\"{F(x)}\" y=\"{F(y)}\" width=\"{F(Math.Max(1, barW - 1))}\" height=\"{F(Top + plotH - y)}\" fill=\"{colour}\"><title>{E($"{series[s].Name} {categories[i]}: {Number(values[i])}{unit}")}</title></rect>");
                }
            }
        }

        // The legend, under the category labels, in as many rows as it takes.
        foreach (var (s, x, row) in legend)
        {
            var colour = Palette[s % Palette.Length];
            sb.Append(ci, $"<rect x=\"{F(x)}\" y=\"{Height - 18 + legendTop + row * LegendRow}\" width=\"12\" height=\"12\" fill=\"{colour}\"/>");
            sb.Append(ci, $"<text x=\"{F(x + 16)}\" y=\"{Height - 8 + legendTop + row * LegendRow}\" font-size=\"12\" fill=\"#1c2430\">{E(series[s].Name)}</text>");
        }
        sb.Append("</svg>");
        return new HtmlString(sb.ToString());
    }

    private const int LegendRow = 18, LabelLine = 13;

    /// <summary>Estimated width of a text: about <paramref name="wide"/> pixels a Chinese (wide) character, <paramref name="narrow"/> any other.</summary>
    private static double TextWidth(string text, double wide, double narrow) => text.Sum(c => c >= '\u2E80' ? wide : narrow);

    /// <summary>A category label in two lines, broken at the space nearest its middle, when it is wider than its slot.</summary>
    private static List<string> Wrap(string label, double width)
    {
        if (TextWidth(label, 11, 6) <= width) return [label];
        var spaces = label.Select((c, i) => (c, i)).Where(x => x.c == ' ').Select(x => x.i).ToList();
        if (spaces.Count == 0) return [label];
        var cut = spaces.MinBy(i => Math.Abs(i - label.Length / 2));
        return [label[..cut], label[(cut + 1)..]];
    }

    /// <summary>
    /// Where each series' key goes: left to right, a new row when the next would pass the right edge. A name's width is
    /// estimated at 12-pixel type: about 12 pixels a Chinese (wide) character, 7 any other.
    /// </summary>
    private static List<(int Series, double X, int Row)> LegendLayout(IReadOnlyList<ChartSeries> series)
    {
        var keys = new List<(int, double, int)>(series.Count);
        var (x, row) = ((double)Left, 0);
        for (var s = 0; s < series.Count; s++)
        {
            var width = 28 + TextWidth(series[s].Name, 12, 7);
            if (x > Left && x + width - 12 > Width - Right) (x, row) = (Left, row + 1);
            keys.Add((s, x, row));
            x += width;
        }
        return keys;
    }

    /// <summary>The chart's figures as a sentence for screen readers: each series with its value per category.</summary>
    public static string Describe(IReadOnlyList<string> categories, IReadOnlyList<ChartSeries> series, string unit) =>
        string.Join("；", series.Select(s => s.Name + "：" + string.Join("，", categories.Select((c, i) => $"{c} {Number(i < s.Values.Count ? s.Values[i] : 0)}{unit}"))));

    private static string Number(decimal v) => v == Math.Round(v) ? v.ToString("#,0", CultureInfo.InvariantCulture) : v.ToString("#,0.##", CultureInfo.InvariantCulture);

    /// <summary>2026-03 shows as 26-03 on an axis of more than 12 months, so up to 36 fit.</summary>
    private static string Short(string category) => category.Length == 7 && category[4] == '-' ? category[2..] : category;

    /// <summary>A round top for the scale: 1, 2, 2.5 or 5 times a power of ten, at or above the largest value.</summary>
    public static decimal NiceCeiling(decimal value)
    {
        if (value <= 0) return 1;
        var magnitude = (decimal)Math.Pow(10, Math.Floor(Math.Log10((double)value)));
        foreach (var step in new[] { 1m, 2m, 2.5m, 5m, 10m })
            if (step * magnitude >= value) return step * magnitude;
        return 10 * magnitude;
    }
}
