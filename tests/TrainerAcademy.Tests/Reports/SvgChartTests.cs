using System.Globalization;
using System.Xml.Linq;
using TrainerAcademy.Features.Reports;

namespace TrainerAcademy.Tests.Reports;

/// <summary>The server-drawn charts keep every label and legend key inside the picture, however many there are.</summary>
public sealed class SvgChartTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static XElement Draw(IReadOnlyList<string> categories, IReadOnlyList<ChartSeries> series) =>
        XElement.Parse(SvgChart.Bars("chart", "图表 Chart", categories, series).ToString()!);

    private static double Height(XElement svg) => double.Parse(svg.Attribute("viewBox")!.Value.Split(' ')[3], CultureInfo.InvariantCulture);

    private static List<XElement> LegendTexts(XElement svg, IReadOnlyList<ChartSeries> series) =>
        svg.Elements(Svg + "text").Where(t => series.Any(s => s.Name == t.Value)).ToList();

    private static double Attr(XElement e, string name) => double.Parse(e.Attribute(name)!.Value, CultureInfo.InvariantCulture);

    [Fact]
    public void A_legend_too_wide_for_one_row_goes_on_in_a_second_row_and_the_picture_grows_to_hold_it()
    {
        var series = Enumerable.Range(1, 6).Select(i => new ChartSeries($"PostgreSQL 12-0{i} server GC", [i, i + 1])).ToList();
        var svg = Draw(["一", "二"], series);

        var keys = LegendTexts(svg, series);
        Assert.Equal(6, keys.Count);
        Assert.True(keys.Select(k => Attr(k, "y")).Distinct().Count() >= 2, "the keys are in more than one row");
        Assert.All(keys, k => Assert.True(Attr(k, "x") + 7 * k.Value.Length <= 720, $"{k.Value} ends inside the picture"));
        Assert.True(Height(svg) > 280);
        Assert.True(keys.Max(k => Attr(k, "y")) <= Height(svg));
    }

    [Fact]
    public void A_category_label_wider_than_its_bar_group_is_set_in_two_lines_above_the_legend()
    {
        string[] categories = ["16,300 PG durable sGC", "300 SQLite", "5,000 SQLite sGC", "16,300 SQLite sGC", "a", "b", "c", "d"];
        var series = new List<ChartSeries> { new("start p99", [1, 2, 3, 4, 5, 6, 7, 8]) };
        var svg = Draw(categories, series);

        var label = svg.Elements(Svg + "text").Single(t => t.Elements(Svg + "tspan").Count() == 2 && t.Value.Contains("durable"));
        Assert.Equal(["16,300 PG", "durable sGC"], label.Elements(Svg + "tspan").Select(t => t.Value));
        Assert.Single(svg.Elements(Svg + "text").Single(t => t.Value == "300 SQLite").Elements(Svg + "tspan"));
        var key = LegendTexts(svg, series).Single();
        Assert.True(Attr(key, "y") > Attr(label, "y") + 13, "the legend is under the label's second line");
        Assert.True(Attr(key, "y") <= Height(svg));
    }

    [Fact]
    public void A_chart_whose_labels_and_legend_fit_keeps_its_size()
    {
        var series = new List<ChartSeries> { new("报名", [3, 4]), new("结业", [1, 2]) };
        var svg = Draw(["一月", "二月"], series);

        Assert.Equal(280, Height(svg));
        Assert.Single(LegendTexts(svg, series).Select(k => Attr(k, "y")).Distinct());
    }
}
